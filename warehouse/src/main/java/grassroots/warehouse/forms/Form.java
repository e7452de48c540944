package grassroots.warehouse.forms;

import grassroots.warehouse.Text;
import grassroots.warehouse.regions.Level;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A statistical returns form (JC-1, JC-2 …) as declared in {@code catalog/forms/*.yaml}: the one definition that
 * the generator, the ETL's validation, the warehouse tables and the data dictionary all derive from.
 *
 * @param table       the warehouse table its rows are loaded into
 * @param grain       the region level one row describes (one row per region of that level and year)
 * @param regionField the field holding that region's code
 * @param nameField   the field holding that region's name, checked against the division table (a warning), or null
 * @param revisionOrder fields that order revisions of the same (region, year), highest first
 * @param populationField the field holding a region's resident population (peer groups compare by it), or null
 * @param counted     what an indicator of this form counts, by population id ({@code all}, {@code urban}, {@code rural})
 * @param deadline    when a year's return is due, or null when the form declares none
 */
public record Form(String id, String table, Text name, Level grain, String regionField, String nameField,
                   List<Field> fields, List<Rule> rules, List<String> revisionOrder, String populationField,
                   Map<String, Text> counted, Deadline deadline) implements java.io.Serializable {

    public Form {
        revisionOrder = revisionOrder == null ? List.of() : List.copyOf(revisionOrder);
        rules = rules == null ? List.of() : List.copyOf(rules);
        // in declaration order: Map.copyOf's order changes from one JVM to the next, and the ETL's rules version
        // (which decides whether a run may be incremental) is derived from this record's text
        counted = counted == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counted));
    }

    /** A year's return is due on {@code month}/{@code day} of the year after the year it reports on. */
    public record Deadline(int month, int day) implements java.io.Serializable {}

    public static final String YEAR_FIELD = "year";

    public Optional<Field> field(String id) {
        return fields.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public Field requireField(String id) {
        return field(id).orElseThrow(() -> new IllegalArgumentException(this.id + " has no field " + id));
    }

    public List<String> fieldIds() {
        return fields.stream().map(Field::id).toList();
    }

    /** The field a header cell names: by field id or by Chinese label, ignoring case and surrounding blanks. */
    public Optional<Field> fieldForHeader(String header) {
        String h = header.strip();
        return fields.stream()
                .filter(f -> f.id().equalsIgnoreCase(h) || f.label().zh().equals(h))
                .findFirst();
    }
}
