package grassroots.warehouse.store;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.forms.FieldType;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The marts' one pass over a form's returns: per township, year and urbanity, the units that reported, every
 * indicator's numerator and denominator and (unit form) the population, in exact decimals, so the result does not
 * depend on the order of adding. A return of an unchanged code is summed once and kept once ({@link Boundaries#SHARED});
 * one of a changed code is summed under the region it was reported for, and again mapped onto today's region (weight
 * w: a split township's share). The sums keep the province-year of the facts they come from (part) and are kept in the
 * snapshot by year, so that an incremental run sums only the province-years it rebuilt and takes the others' over.
 *
 * <p>Needs the temp tables {@code <t>_regions} (the form's grain) and {@code <t>_changed} (codes not simply today's),
 * and {@code crosswalk}; makes {@code <t>_fresh_sums} and {@code <t>_township_sums}.
 */
final class TownshipSums {
    /** The shape of the sums kept in a snapshot, part of their version: the shared rows are stored once. */
    private static final String FORMAT = "sums-3 shared, by year|";

    private final Catalog catalog;
    private final Form form;
    private final String t;

    TownshipSums(Catalog catalog, Form form) {
        this.catalog = catalog;
        this.form = form;
        this.t = form.table();
    }

    /** What the kept sums are a function of: a previous snapshot's are reused only when their version is this. */
    String version() {
        return Integer.toHexString((FORMAT + columns(false) + "|" + columns(true)).hashCode());
    }

    /** Whether {@code previous} kept sums of this version (so that its untouched province-years can be taken over). */
    boolean reusable(Snapshot previous) {
        Path file = previous.townshipSums(form).resolve("VERSION");
        try {
            return Files.exists(file) && version().equals(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sums the facts of the province-years in {@code only} (null: all) into {@code <t>_fresh_sums}. */
    void sumFresh(DuckDBConnection c, Snapshot snapshot, Set<String> only) {
        String facts = Snapshot.readFacts(snapshot.facts(form));
        if (only != null) {
            facts = only.isEmpty() ? "(SELECT * FROM " + facts + " WHERE false)"
                    : "(SELECT * FROM " + facts + " WHERE year::VARCHAR || '_' || province IN ("
                    + only.stream().map(Duck::literal).collect(Collectors.joining(", ")) + "))";
        }
        String ancestors = MartBuilder.ANCESTORS, openEnd = Integer.toString(Region.OPEN_END);
        String rf = "f." + form.regionField();
        String mapped = "c.urban AS urban, c.province_code AS province_code, c.prefecture_code AS prefecture_code, "
                + "c.county_code AS county_code, c.township_code AS township_code";
        try {
            // f, every return with its region, is not materialised: read twice costs less than writing every row with
            // all its columns aside once (national: ≈ 12 → 8 s). The few returns of changed codes (fc) are picked out
            // before the join with the regions, not after it: ≈ 11 → 9 s nationally, the same sums.
            String withRegion = " f JOIN " + t + "_regions r ON r.code = " + rf + " AND f.year BETWEEN r.valid_from AND r.valid_to";
            String regionColumns = "f.* EXCLUDE (province), f.year::VARCHAR || '_' || f.province AS part, r.urban, "
                    + Duck.qualified("r", ancestors);
            String changed = rf + " IN (SELECT code FROM " + t + "_changed)";
            Duck.exec(c, "CREATE TEMP TABLE " + t + "_fresh_sums AS "
                    + "WITH f AS NOT MATERIALIZED (SELECT " + regionColumns + ", " + changed + " AS changed FROM " + facts + withRegion + "), "
                    + "fc AS MATERIALIZED (SELECT " + regionColumns + " FROM (SELECT * FROM " + facts + " f WHERE " + changed + ")"
                    + withRegion + "), "
                    + "plain AS (SELECT part, year, urban, " + ancestors + ", " + String.join(", ", columns(false))
                    + " FROM f WHERE NOT changed GROUP BY part, year, urban, " + ancestors + "), "
                    + "moved AS (SELECT 'reported' AS boundaries, 1.0::DOUBLE AS w, f.* FROM fc f "
                    + "UNION ALL SELECT 'current', coalesce(x.weight, 1.0), f.* REPLACE (" + mapped + ") FROM fc f "
                    + "LEFT JOIN crosswalk x ON x.code = " + rf + " AND f.year BETWEEN x.from_year AND x.to_year JOIN " + t
                    + "_regions c ON c.code = coalesce(x.current_code, " + rf + ") AND c.valid_to = " + openEnd + ") "
                    + "SELECT " + Duck.literal(Boundaries.SHARED) + " AS boundaries, * FROM plain "
                    + "UNION ALL SELECT boundaries, part, year, urban, " + ancestors + ", " + String.join(", ", columns(true))
                    + " FROM moved GROUP BY boundaries, part, year, urban, " + ancestors);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("an indicator of form " + form.id()
                    + " has a numerator, denominator or filter DuckDB cannot evaluate: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the sums into the snapshot, a file per year ({@code year=…/} and the version), and makes
     * {@code <t>_township_sums}. When {@code touched} is set (an incremental run), only the years of the province-years
     * it rebuilt are written: the previous snapshot's sums of their other province-years with the fresh ones; every
     * other year is the previous snapshot's file (a hard link). For an update the table has {@code years} only (none:
     * the sums are only kept).
     *
     * <p>By year, not by province-year: 465 small files cost DuckDB's writer more than the sums themselves (national
     * JC-1: 3.3 → 2.3 s), and a year's file is rewritten in a fraction of a second.
     */
    void keep(DuckDBConnection c, Snapshot snapshot, Snapshot previous, Set<String> touched, Set<Integer> years) {
        Path sumsDir = snapshot.townshipSums(form);
        String sums = t + "_fresh_sums";
        try {
            Files.createDirectories(sumsDir);
            if (touched != null) {
                Path before = previous.townshipSums(form);
                Set<String> rewritten = touched.stream().map(p -> String.valueOf(SnapshotFiles.yearOf(p)))
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
                SnapshotFiles.linkPartitions(before, sumsDir, rewritten);
                String kept = readYears(before, rewritten);
                if (kept != null) {
                    sums = "(SELECT * FROM " + t + "_fresh_sums UNION ALL BY NAME SELECT * FROM " + kept
                            + " WHERE part NOT IN (" + touched.stream().map(Duck::literal).collect(Collectors.joining(", ")) + "))";
                }
            }
            Duck.exec(c, "COPY " + sums + " TO " + Duck.literal(sumsDir) + " (FORMAT parquet, PARTITION_BY (year), "
                    + "OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'sums_{i}')");
            Files.writeString(sumsDir.resolve("VERSION"), version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (years != null && years.isEmpty()) return;
        if (touched == null || !Snapshot.hasParquet(sumsDir)) {
            Duck.exec(c, "ALTER TABLE " + t + "_fresh_sums RENAME TO " + t + "_township_sums");
            return;
        }
        // an update rolls up only the years it replaces (every province of them: the nation's rows need all)
        String kept = readYears(sumsDir, years == null ? SnapshotFiles.partitionsOf(sumsDir) : years);
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_township_sums AS " + (kept == null
                ? "SELECT * FROM " + t + "_fresh_sums WHERE false" // the years replaced have no returns left
                : "SELECT * FROM " + kept));
    }

    /**
     * The sums kept in {@code sumsDir} of those of {@code years} that have a file there, with their year as the table
     * has it; null when none has.
     */
    static String readYears(Path sumsDir, java.util.Collection<?> years) {
        List<String> globs = years.stream().map(y -> sumsDir.resolve("year=" + y)).filter(Files::isDirectory)
                .map(d -> Duck.literal(d + "/*.parquet")).toList();
        return globs.isEmpty() ? null
                : "read_parquet([" + String.join(", ", globs) + "], hive_partitioning = true, hive_types = {'year': INTEGER})";
    }

    /**
     * The sums' columns: units that reported, every indicator's numerator and denominator, and for the unit form the
     * population figures peer groups compare. {@code weighted}: rows carry a weight w (returns mapped onto today's
     * regions), else each row counts once.
     */
    List<String> columns(boolean weighted) {
        List<String> sums = new ArrayList<>();
        sums.add((weighted ? "sum(w)" : "count(*)::DOUBLE") + " AS units");
        for (Indicator i : catalog.indicatorsOf(form)) {
            sums.add(ofPopulation(i, exactSum(i.termsCondition(), i.numerator(), weighted)) + " AS " + MartBuilder.col("n", i));
            sums.add(ofPopulation(i, exactSum(i.termsCondition(), i.denominator(), weighted)) + " AS " + MartBuilder.col("d", i));
        }
        if (hasPopulation(form)) {
            String p = form.populationField();
            sums.add("sum(" + (weighted ? "w * " + p : p) + ")::DOUBLE AS population");
        }
        return sums;
    }

    /**
     * A sum kept for the groups of the indicator's population only. Urbanity is one of the sums' keys, so the
     * population is tested once per group rather than in every row's condition: an urban and a rural indicator of the
     * same terms then share one aggregate (DuckDB computes identical aggregates once; the groups need an explicit
     * GROUP BY, as GROUP BY ALL does not take an expression over a key and an aggregate).
     */
    private static String ofPopulation(Indicator i, String sum) {
        return i.population() == grassroots.warehouse.catalog.Population.ALL ? sum
                : "CASE WHEN " + i.population().sql() + " THEN " + sum + " END";
    }

    static boolean hasPopulation(Form form) {
        return form.grain() == Level.UNIT && form.populationField() != null;
    }

    /**
     * Σ w·term over the rows meeting {@code condition}, in decimals: a sum of doubles depends on the order a parallel
     * aggregation adds them in, and the same inputs must give the same warehouse to the last digit.
     */
    private String exactSum(String condition, String term, boolean weighted) {
        String value = "CAST((" + term + ") AS " + (weighted ? "DECIMAL(38, 6)" : decimalOf(term)) + ")";
        return "sum(CASE WHEN " + condition + " THEN " + (weighted ? "CAST(w AS DECIMAL(18, 6)) * " + value : value) + " END)";
    }

    /**
     * The decimal a row's term is cast to before the sum, whose total is DECIMAL(38, 6) either way. A numeric field of
     * the form or a plain number fits 18 digits, six after the point (numbers are below
     * {@link FieldValues#MAX_MAGNITUDE}, whole numbers are ints), and DuckDB casts to that in 64 bits where 38 digits
     * take 128 (national JC-1 sums: 8.5 → 6.5 s, the same totals); any other expression keeps 38 digits.
     */
    private String decimalOf(String term) {
        String t = term.strip();
        boolean fits = form.fields().stream().anyMatch(f -> f.id().equals(t) && NUMERIC.contains(f.type()))
                || SMALL_NUMBER.matcher(t).matches();
        return fits ? "DECIMAL(18, 6)" : "DECIMAL(38, 6)";
    }

    private static final Set<FieldType> NUMERIC = EnumSet.of(FieldType.INT, FieldType.FLAG, FieldType.NUMBER, FieldType.YEAR);
    /** A literal below 10^12 with at most six decimals. */
    private static final Pattern SMALL_NUMBER = Pattern.compile("\\d{1,12}(\\.\\d{1,6})?");
}
