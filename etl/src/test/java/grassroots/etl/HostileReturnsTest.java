package grassroots.etl;

import grassroots.warehouse.returns.HostileFiles;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.ReturnWriter;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile files among ordinary returns, through a whole ETL run on real Spark: each is rejected whole with its reason in
 * Chinese and English, the run neither runs out of memory nor stops, the other files load; and no path of the server is
 * recorded anywhere a reader of the warehouse can see it.
 */
class HostileReturnsTest extends SparkTest {

    @Test
    void hostileFilesAreRejectedWholeTheOthersLoadAndNoServerPathIsStored() throws Exception {
        Path returns = tmp.resolve("hostile-returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(returns, List.of("64"),
                2020, 2020, 5, SampleGenerator.Headers.ID, List.of(ReturnWriter.Format.CSV, ReturnWriter.Format.XLSX), 0.03));
        List<String> header = catalog.form("JC-1").fieldIds();
        Path hostile = returns.resolve("hostile");
        HostileFiles.xlsx(hostile.resolve("wide.xlsx"), w -> {
            HostileFiles.row(w, 1, header);
            for (int r = 2; r < 100_000; r++) w.write("<row r=\"" + r + "\"><c r=\"XFD" + r + "\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        }, null);
        HostileFiles.xlsx(hostile.resolve("bomb.xlsx"), w -> {
            HostileFiles.row(w, 1, header);
            HostileFiles.repeat(w, " ", 200L << 20);
        }, null);
        HostileFiles.xlsxRaw(hostile.resolve("laughs.xlsx"), w -> {
            w.write(HostileFiles.billionLaughs("worksheet"));
            w.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            HostileFiles.row(w, 1, header);
            w.write("<row r=\"2\"><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>");
        }, null);
        HostileFiles.sparse(hostile.resolve("huge.csv"), (2L << 30) + 1);
        try (Writer w = Files.newBufferedWriter(hostile.resolve("cell.csv"), StandardCharsets.UTF_8)) {
            w.write(String.join(",", header) + "\n\"");
            HostileFiles.repeat(w, "x", 100L << 20);
            w.write("\",2020\n");
        }
        // a real return (another sample's, so the same units and year) that turns wide after thousands of good rows:
        // found only while Spark reads it; none of its rows may be loaded
        Path plain = tmp.resolve("plain-returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(
                new SampleGenerator.Options(plain, List.of("64"), 2020, 2020, 6, SampleGenerator.Headers.ID));
        Path real;
        try (Stream<Path> s = Files.walk(plain)) {
            real = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith("JC-1")).findFirst().orElseThrow();
        }
        Files.writeString(hostile.resolve("late.csv"), Files.readString(real) + ",".repeat(5000) + "\n");

        Path warehouse = tmp.resolve("hostile-warehouse");
        RunReport r = etl(returns, warehouse);
        assertEquals("published", r.status);
        Map<String, String> why = Map.of("wide.xlsx", "more than 1000 columns", "bomb.xlsx", "zip bomb",
                "laughs.xlsx", "DOCTYPE", "huge.csv", "too large", "cell.csv", "longer than 32767 characters",
                "late.csv", "more than 1000 columns");
        why.forEach((name, reason) -> {
            RunReport.FileReport f = r.files.stream().filter(x -> x.file.equals("hostile/" + name)).findFirst().orElseThrow();
            assertNotNull(f.problemEn, name);
            assertTrue(f.problemEn.contains(reason), name + ": " + f.problemEn);
            assertTrue(f.problemZh.chars().anyMatch(c -> c >= 0x4e00), name + ": " + f.problemZh);
            assertEquals(0, f.inputRows + f.loadedRows + f.quarantinedRows + f.supersededRows, name + " is rejected whole");
        });
        assertEquals(r.inputRows, r.loadedRows + r.quarantinedRows + r.supersededRows);
        long loadingFiles = r.files.stream().filter(f -> f.loadedRows > 0).count();
        assertTrue(loadingFiles >= 2, "the ordinary returns loaded: " + loadingFiles);
        assertTrue(r.loadedRows > 1000);

        Snapshot snapshot = new WarehouseDir(warehouse).requireCurrent();
        assertNoServerPath(snapshot, returns);
        try (Warehouse w = Warehouse.open(snapshot, catalog)) {
            long[] n = new long[1];
            w.query("SELECT count(*) FROM (SELECT source_file FROM jc1 UNION ALL SELECT source_file FROM jc1_history) "
                    + "WHERE source_file = 'hostile/late.csv'", List.of(), rs -> n[0] = rs.getLong(1));
            assertEquals(0, n[0], "no row of the late-broken file is loaded");
        }
        for (RunReport.FileReport f : r.files) assertTrue(Files.exists(returns.resolve(f.file)), f.file);
    }

    /**
     * Every source file named in the snapshot (views and Parquet files alike) is relative to the returns directory, and
     * the manifest names no directory of the server.
     */
    static void assertNoServerPath(Snapshot snapshot, Path returns) throws Exception {
        List<String> names = new ArrayList<>();
        try (Warehouse w = Warehouse.open(snapshot, catalog)) {
            for (String view : List.of("jc1", "jc2", "jc1_history", "jc2_history", "quarantine", "warnings")) {
                w.query("SELECT DISTINCT source_file FROM " + view, List.of(), rs -> names.add(view + " " + rs.getString(1)));
            }
        }
        try (DuckDBConnection db = Duck.open()) {
            for (String dir : List.of("facts", "staged", "history", "quarantine", "warnings")) {
                if (!Snapshot.hasParquet(snapshot.dir().resolve(dir))) continue;
                Duck.each(db, "SELECT DISTINCT source_file FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(snapshot.dir().resolve(dir)))
                        + ", union_by_name = true, hive_partitioning = false)", rs -> names.add(dir + " " + rs.getString(1)));
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("quarantine ")), "the check covers quarantined rows");
        assertTrue(names.stream().anyMatch(n -> n.startsWith("warnings ")), "and warnings");
        assertTrue(names.stream().anyMatch(n -> n.startsWith("jc1_history ")), "and history");
        for (String n : names) {
            String file = n.substring(n.indexOf(' ') + 1);
            assertFalse(file.startsWith("/") || file.contains(returns.toString()) || file.contains(".."), n);
            assertTrue(Files.isRegularFile(returns.resolve(file)), n + " is a file under the returns directory");
        }
        String manifest = Files.readString(snapshot.manifest());
        assertFalse(manifest.contains(tmp.toString()), "the manifest names no directory of the server: "
                + manifest.lines().filter(l -> l.contains(tmp.toString())).toList());
        assertFalse(manifest.contains("\"/"), "no absolute path in the manifest");
    }
}
