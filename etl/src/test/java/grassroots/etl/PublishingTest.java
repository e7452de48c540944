package grassroots.etl;

import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.sample.SampleGenerator;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Publishing is safe: a run killed at any moment (kill -9) leaves the previous snapshot current and intact and the next
 * run succeeds; two runs on the same inputs give the same warehouse content.
 */
class PublishingTest extends SparkTest {
    static Path returns;

    @BeforeAll
    static void start() {
        returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(
                new SampleGenerator.Options(returns, List.of("64"), 2020, 2021, 9, SampleGenerator.Headers.ID));
    }

    static RunReport etl(Path warehouse) {
        return etl(returns, warehouse);
    }

    /** What a reader sees in a snapshot, as sorted text: the facts and the marts of the regions the returns touch. */
    static TreeSet<String> content(WarehouseDir dir) {
        TreeSet<String> rows = new TreeSet<>();
        try (Warehouse w = Warehouse.open(dir, catalog)) {
            w.query("SELECT * EXCLUDE (submitted_at) FROM jc1", List.of(), rs -> rows.add("jc1 " + line(rs)));
            w.query("SELECT * EXCLUDE (submitted_at) FROM jc2", List.of(), rs -> rows.add("jc2 " + line(rs)));
            // the marts cover every region of the country; the sample's returns touch Ningxia and the nation
            String touched = " WHERE region_code LIKE '64%' OR region_code = 'CN'";
            w.query("SELECT * FROM indicator_values" + touched, List.of(), rs -> rows.add("iv " + line(rs)));
            w.query("SELECT * FROM completeness" + touched, List.of(), rs -> rows.add("c " + line(rs)));
        }
        return rows;
    }

    /** The same rows, or a message naming the first rows that differ. */
    static void assertSame(TreeSet<String> expected, TreeSet<String> actual) {
        TreeSet<String> missing = new TreeSet<>(expected), extra = new TreeSet<>(actual);
        missing.removeAll(actual);
        extra.removeAll(expected);
        assertTrue(missing.isEmpty() && extra.isEmpty(), "missing " + missing.size() + ", e.g. "
                + missing.stream().limit(3).toList() + "; unexpected " + extra.size() + ", e.g. " + extra.stream().limit(3).toList());
    }

    static String line(java.sql.ResultSet rs) throws java.sql.SQLException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getObject(i)).append('|');
        return b.toString();
    }

    @Test
    void twoRunsOnTheSameInputsGiveTheSameWarehouse() {
        RunReport first = etl(tmp.resolve("same"));
        TreeSet<String> a = content(new WarehouseDir(tmp.resolve("same")));
        RunReport second = etl(tmp.resolve("same"));
        assertNotEquals(first.runId, second.runId);
        assertSame(a, content(new WarehouseDir(tmp.resolve("same"))));
        assertTrue(a.size() > 10_000);
    }

    @Test
    void aRunKilledAtAnyStageLeavesThePreviousSnapshotInUseAndTheNextRunSucceeds() throws Exception {
        Path warehouse = tmp.resolve("killed");
        etl(warehouse);
        WarehouseDir dir = new WarehouseDir(warehouse);
        Snapshot before = dir.requireCurrent();
        TreeSet<String> content = content(dir);
        for (String stage : List.of("[3]", "[5]", "[6]")) {
            killDuring(stage, warehouse);
            assertEquals(before.id(), dir.requireCurrent().id(), "still the previous snapshot after a kill during " + stage);
            assertSame(content, content(dir));
        }
        RunReport next = etl(warehouse);
        assertEquals("published", next.status);
        assertEquals(next.runId, dir.requireCurrent().id());
        assertSame(content, content(dir));
        try (var s = Files.list(warehouse.resolve("snapshots"))) {
            assertEquals(2, s.count(), "the killed runs' snapshots were removed, the two complete ones remain");
        }
    }

    /** Runs the ETL as a process of its own and kills it (SIGKILL) as soon as it starts {@code stage}. */
    static void killDuring(String stage, Path warehouse) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("grassroots.spark.flags").trim().split("\\s+")));
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), "grassroots.etl.EtlMain",
                "--returns", returns.toString(), "--warehouse", warehouse.toString(), "--master", "local[2]"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean seen = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(stage)) {
                    seen = true;
                    p.destroyForcibly();
                    break;
                }
            }
        }
        p.waitFor();
        assertTrue(seen, "the run reached " + stage + " before it was killed");
    }
}
