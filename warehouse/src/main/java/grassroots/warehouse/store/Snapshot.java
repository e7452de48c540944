package grassroots.warehouse.store;

import grassroots.warehouse.forms.Form;

import java.nio.file.Path;

/**
 * One complete, immutable version of the warehouse, written by one ETL run. The layout is a contract shared by the
 * ETL (which writes it), the server and researchers (who read it):
 * <pre>
 * regions.parquet                    the hierarchy the run validated against (all levels, validity years)
 * crosswalk.parquet                  older codes → today's codes (with weights for splits), by years of validity
 * facts/&lt;table&gt;/year=YYYY/province=PP/*.parquet   accepted returns, one table per form (jc1, jc2)
 * history/&lt;table&gt;/*.parquet          accepted rows later replaced by a resubmission
 * quarantine/*.parquet               rejected rows: file, row, field, rule, value, message (zh, en)
 * warnings/*.parquet                 loaded rows with a warning (e.g. a name that differs from the division table)
 * marts/marts.duckdb                 the serving database: the marts below as DuckDB tables, sorted for the API's reads
 *                                    (indicator_values a view: the values' table joined with the regions' names)
 * marts/indicator_values.parquet     every indicator at every level and year, with numerator, denominator, completeness
 * marts/completeness.parquet         reported vs expected returns per form, region and year
 * staged/&lt;table&gt;/part=YYYY_PP/*.parquet  every row read, with its problems: what the next run reuses for the files
 *                                    that did not change (a run rebuilds only the province-years its new files touch)
 * manifest.json                      what the snapshot holds
 * </pre>
 */
public record Snapshot(String id, Path dir) {

    public Path regions() { return dir.resolve("regions.parquet"); }
    public Path crosswalk() { return dir.resolve("crosswalk.parquet"); }
    public Path facts(Form form) { return dir.resolve("facts").resolve(form.table()); }
    public Path staged(Form form) { return dir.resolve("staged").resolve(form.table()); }
    public Path history(Form form) { return dir.resolve("history").resolve(form.table()); }
    public Path quarantine() { return dir.resolve("quarantine"); }
    public Path warnings() { return dir.resolve("warnings"); }
    /** The indicator values for any Parquet reader, a directory per year ({@code year=2020/}): see {@link #readIndicatorValues}. */
    public Path indicatorValues() { return dir.resolve("marts").resolve("indicator_values"); }
    /** Reported and expected units per form, region and year for any Parquet reader, a directory per year. */
    public Path completeness() { return dir.resolve("marts").resolve("completeness"); }
    /** A form's sums per township and year, by the province-year of the facts they sum (what an incremental run reuses). */
    public Path townshipSums(Form form) { return dir.resolve("marts").resolve("township_sums").resolve(form.table()); }
    public Path martsDatabase() { return dir.resolve("marts").resolve("marts.duckdb"); }
    public Path manifest() { return dir.resolve("manifest.json"); }

    /** How DuckDB reads a form's facts: the year and province are the partition directories' names. */
    public static String readFacts(Path factsDir) {
        return "read_parquet(" + Duck.literal(parquetGlob(factsDir))
                + ", hive_partitioning = true, hive_types = {'year': INTEGER, 'province': VARCHAR})";
    }

    /** How DuckDB reads the snapshot's indicator values, the year from the directories' names. */
    public String readIndicatorValues() {
        return "read_parquet(" + Duck.literal(parquetGlob(indicatorValues())) + ", hive_partitioning = true, hive_types = {'year': INTEGER})";
    }

    /** Whether a Parquet directory holds any data file (a run whose rows were all rejected writes none). */
    public static boolean hasParquet(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) return false;
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A DuckDB glob over a Spark- or DuckDB-written Parquet directory (hive-partitioned or flat). */
    public static String parquetGlob(Path dir) {
        return dir.toAbsolutePath() + "/**/*.parquet";
    }
}
