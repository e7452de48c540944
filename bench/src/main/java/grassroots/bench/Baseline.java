package grassroots.bench;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.UnitKind;
import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fastest thing a user could do instead of our ETL on one machine: DuckDB on its own turns the CSV returns into
 * Parquet ({@code COPY (SELECT … FROM read_csv(…)) TO … (FORMAT parquet)}) and computes the province-level indicator
 * table from it, with the catalog's own numerators, denominators and filters. No validation, no revisions, no
 * hierarchy, no marts below province: what it skips is what the ETL adds. Runs in a JVM of its own, so that its time
 * and memory are measured like the ETL's.
 *
 * <p>Usage (the bench starts it): {@code Baseline RETURNS_DIR OUT_DIR}; prints one line
 * {@code baseline csv_to_parquet_s=… indicators_s=… rows=… values=…}.
 */
public final class Baseline {
    /** The province-level table both sides are compared on. */
    static final String TABLE_FILE = "province_indicators.parquet";

    public static void main(String[] args) throws IOException, java.sql.SQLException {
        Path returns = Path.of(args[0]), out = Path.of(args[1]);
        Files.createDirectories(out);
        Catalog catalog = Catalog.standard();
        long rows = 0;
        double copySeconds = 0, indicatorSeconds;
        List<String> parts = new ArrayList<>();
        try (DuckDBConnection c = Duck.open()) {
            for (Form form : catalog.forms()) {
                Path dir = returns.resolve(form.id());
                if (!Files.isDirectory(dir)) continue;
                Path parquet = out.resolve(form.table() + ".parquet");
                long start = System.nanoTime();
                Duck.exec(c, "COPY (SELECT * FROM read_csv(" + Duck.literal(dir.toAbsolutePath() + "/**/*.csv")
                        + ", header = true, columns = {" + columns(form) + "})) TO " + Duck.literal(parquet) + " (FORMAT parquet)");
                copySeconds += (System.nanoTime() - start) / 1e9;
                rows += count(c, parquet);
                for (Indicator i : catalog.indicatorsOf(form)) parts.add(indicatorRows(form, i, parquet));
            }
            long start = System.nanoTime();
            Duck.exec(c, "COPY (" + String.join("\nUNION ALL\n", parts) + ") TO " + Duck.literal(out.resolve(TABLE_FILE))
                    + " (FORMAT parquet)");
            indicatorSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "baseline csv_to_parquet_s=%.2f indicators_s=%.2f rows=%d values=%d%n",
                    copySeconds, indicatorSeconds, rows, count(c, out.resolve(TABLE_FILE)));
        }
    }

    private static String columns(Form form) {
        List<String> columns = new ArrayList<>();
        for (Field f : form.fields()) columns.add(Duck.literal(f.id()) + ": " + Duck.literal(f.type().sqlType()));
        return String.join(", ", columns);
    }

    /** One indicator per province and year, as a user would write it from the indicator's declaration. */
    private static String indicatorRows(Form form, Indicator i, Path parquet) {
        String region = form.regionField();
        String urban = form.grain() == Level.UNIT ? UnitKind.urbanSql(region) : "NULL::BOOLEAN";
        String condition = i.rowCondition();
        return "SELECT " + Duck.literal(i.id()) + " AS indicator, substr(" + region + ", 1, 2) AS province, year, "
                + "sum(CASE WHEN " + condition + " THEN (" + i.numerator() + ") END)::DOUBLE AS numerator, "
                + "sum(CASE WHEN " + condition + " THEN (" + i.denominator() + ") END)::DOUBLE AS denominator "
                + "FROM (SELECT *, " + urban + " AS urban FROM read_parquet(" + Duck.literal(parquet) + ")) GROUP BY ALL";
    }

    private static long count(DuckDBConnection c, Path parquet) {
        long[] n = new long[1];
        Duck.each(c, "SELECT count(*) FROM read_parquet(" + Duck.literal(parquet) + ")", rs -> n[0] = rs.getLong(1));
        return n[0];
    }
}
