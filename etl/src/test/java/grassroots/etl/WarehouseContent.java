package grassroots.etl;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.commons.io.file.PathUtils;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reader sees in a warehouse, as sorted text, and the check that it equals a full ETL run's on the same returns. */
public final class WarehouseContent {
    private WarehouseContent() {}

    /** The facts and the marts of the regions the test samples touch (Ningxia and the nation), and every table's size. */
    public static TreeSet<String> of(WarehouseDir dir, Catalog catalog) {
        TreeSet<String> rows = new TreeSet<>();
        try (Warehouse w = Warehouse.open(dir, catalog)) {
            w.query("SELECT * EXCLUDE (submitted_at) FROM jc1", List.of(), rs -> rows.add("jc1 " + line(rs)));
            w.query("SELECT * EXCLUDE (submitted_at) FROM jc2", List.of(), rs -> rows.add("jc2 " + line(rs)));
            // the marts cover every region of the country; the sample's returns touch Ningxia and the nation
            String touched = " WHERE region_code LIKE '64%' OR region_code = 'CN'";
            w.query("SELECT * FROM indicator_values" + touched, List.of(), rs -> rows.add("iv " + line(rs)));
            w.query("SELECT * FROM completeness" + touched, List.of(), rs -> rows.add("c " + line(rs)));
            w.query("SELECT * FROM region_stats" + touched, List.of(), rs -> rows.add("rs " + line(rs)));
            w.query("SELECT * FROM outliers", List.of(), rs -> rows.add("o " + line(rs)));
            // and nothing else anywhere: an incremental run replaces rows of the marts, it must not leave any twice
            w.query("SELECT (SELECT count(*) FROM indicator_values), (SELECT count(*) FROM completeness), "
                    + "(SELECT count(*) FROM region_stats), (SELECT count(*) FROM regions)", List.of(), rs -> rows.add("n " + line(rs)));
            w.query("SELECT boundaries, indicator, level, region_code, year, numerator, denominator, value, reported_units, "
                    + "expected_units FROM " + dir.requireCurrent().readIndicatorValues() + touched, List.of(),
                    rs -> rows.add("ivp " + line(rs)));
        }
        return rows;
    }

    /** The same rows, or a message naming the first rows that differ. */
    public static void assertSame(TreeSet<String> expected, TreeSet<String> actual) {
        TreeSet<String> missing = new TreeSet<>(expected), extra = new TreeSet<>(actual);
        missing.removeAll(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "missing " + missing.size() + ", e.g. "
                + missing.stream().limit(3).toList() + "; unexpected " + extra.size() + ", e.g. " + extra.stream().limit(3).toList());
    }

    /**
     * The warehouse equals one built from scratch by a full run over a copy of the same returns (in {@code scratch}):
     * what incremental runs and web publications must keep true.
     */
    public static void assertEqualsFullRun(SparkSession spark, Catalog catalog, Path warehouse, Path returns, Path scratch) throws Exception {
        Path copy = scratch.resolve("returns"), built = scratch.resolve("warehouse");
        // with their modification times: a run records them, and they order revisions of equal rank
        java.nio.file.Files.createDirectories(scratch);
        PathUtils.copyDirectory(returns, copy, StandardCopyOption.COPY_ATTRIBUTES);
        RunReport full = new EtlJob(spark, catalog, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(copy, new WarehouseDir(built));
        assertEquals("full", full.mode);
        assertSame(normalised(built, copy, catalog), normalised(warehouse, returns, catalog));
    }

    /** The warehouse's content with the returns directory's path taken out (the scratch run reads a copy). */
    private static TreeSet<String> normalised(Path warehouse, Path returns, Catalog catalog) {
        TreeSet<String> out = new TreeSet<>();
        for (String row : of(new WarehouseDir(warehouse), catalog)) out.add(row.replace(returns.toAbsolutePath().toString(), "RETURNS"));
        return out;
    }

    static String line(java.sql.ResultSet rs) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getObject(i)).append('|');
        return b.toString();
    }
}
