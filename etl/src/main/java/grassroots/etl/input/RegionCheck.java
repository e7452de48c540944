package grassroots.etl.input;

import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;

import java.io.Serializable;

/**
 * A row's region code checked against the division table of its form's grain as the row is parsed: whether the code
 * is unknown that year (not in the table, not administered, or not valid in the row's year: a problem, {@code
 * <field>.unknown}), and the table's official name where the row's unit name differs (a warning, {@code <name
 * field>.mismatch}; the row is loaded all the same). Spark builds the problem and the warning from these two values
 * ({@code CheckedRows}). Each executor makes the table once ({@link GrainRegions#of}).
 */
public final class RegionCheck implements Serializable {
    /** Where an executor finds the table: the standard one of the form's grain (in a test, another). */
    interface Table extends Serializable {
        GrainRegions get();
    }

    private final Table table;

    public RegionCheck(Form form) {
        this(standard(form.grain()));
    }

    RegionCheck(Table table) {
        this.table = table;
    }

    private static Table standard(Level grain) {
        return () -> GrainRegions.of(grain);
    }

    /** A checker for one file's rows (which come in code order: each lookup starts from the one before). */
    Checker forFile() {
        return new Checker(table.get());
    }

    static final class Checker {
        private final GrainRegions regions;
        private int hint = -1;
        private int match = -1;

        private Checker(GrainRegions regions) {
            this.regions = regions;
        }

        /**
         * Whether the row's code (as typed; null when empty or unreadable, which is the cell's own problem) is unknown
         * in its year (null: no year to check it against); remembers the code's entry for {@link #officialNameIfOther}.
         */
        boolean unknown(String code, Integer year) {
            match = code == null ? -1 : regions.indexOf(code, hint);
            if (match >= 0) hint = match;
            return code != null && (match < 0 || !regions.validIn(match, year));
        }

        /**
         * The official name of the code just checked, if the row gives another (leading and trailing spaces aside);
         * null when it gives none, the same, or the code was not found as written.
         */
        String officialNameIfOther(String name) {
            if (match < 0 || name == null) return null;
            String official = regions.officialName(match);
            String given = trimSpaces(name);
            return official == null || given.isEmpty() || given.equals(official) ? null : official;
        }
    }

    /** The name without leading and trailing spaces (U+0020 only, as SQL's trim; other blanks are part of the name). */
    static String trimSpaces(String s) {
        int a = 0, b = s.length();
        while (a < b && s.charAt(a) == ' ') a++;
        while (b > a && s.charAt(b - 1) == ' ') b--;
        return s.substring(a, b);
    }
}
