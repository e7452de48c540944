package grassroots.etl;

import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import grassroots.warehouse.store.Checkpoints;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Publishing is safe: a run killed at any moment (a halt at a random checkpoint, or kill -9) leaves the previous
 * snapshot current and intact and the next run succeeds; two runs on the same inputs give the same warehouse content.
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

    static TreeSet<String> content(WarehouseDir dir) {
        return WarehouseContent.of(dir, catalog);
    }

    static void assertSame(TreeSet<String> expected, TreeSet<String> actual) {
        WarehouseContent.assertSame(expected, actual);
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

    /**
     * Kill points drawn at random (seeded, printed; rerun one with -Dgrassroots.test.seed=N) among every checkpoint
     * of a run (each stage, each Spark task, the marts, the manifest, either side of the switch, each old snapshot
     * removed), and once a real kill -9 at a random moment. After each: CURRENT names a complete snapshot, the
     * previous one byte for byte when the switch had not happened, which answers the same values; the next run
     * succeeds and removes what the killed ones left.
     */
    @Test
    void aRunKilledAtARandomPointLeavesThePreviousSnapshotServedAndIntact() throws Exception {
        Path warehouse = tmp.resolve("killed");
        // the killed runs read a copy: a full run each (no previous run on that directory), with every checkpoint
        Path copy = tmp.resolve("returns-copy");
        IncrementalTest.copyTree(returns, copy);
        int before = Checkpoints.count();
        long started = System.nanoTime();
        etl(warehouse);
        int checkpoints = Checkpoints.count() - before;
        long runMillis = (System.nanoTime() - started) / 1_000_000;
        StringBuilder names = new StringBuilder("PublishingTest: the checkpoints of a run:");
        for (int i = 1; i <= checkpoints; i++) names.append(' ').append(i).append('=').append(Checkpoints.name(before + i)).append(';');
        System.out.println(names);
        // kill points in every phase: the stages, Spark's tasks, the marts' steps and either side of the switch
        assertTrue(checkpoints > 20, "checkpoints in a run: " + checkpoints);
        for (String kind : List.of("begin load JC-1", "task ", "marts: indicator values", "before the switch", "after the switch")) {
            assertTrue(names.toString().contains(kind), kind + " is a kill point: " + names);
        }
        WarehouseDir dir = new WarehouseDir(warehouse);
        TreeSet<String> content = content(dir);
        long seed = Long.getLong("grassroots.test.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int k = 0; k < 4; k++) {
            Snapshot served = dir.requireCurrent();
            Map<String, String> sums = checksums(served.dir());
            String point;
            Process p;
            if (k < 3) {
                int n = 1 + random.nextInt(checkpoints);
                point = "halt at checkpoint " + n + " of " + checkpoints + " (in the run in this JVM: "
                        + Checkpoints.name(before + n) + ")";
                p = startEtl(copy, warehouse, "kill-" + k, "-Dgrassroots.etl.haltAt=" + n);
                p.waitFor();
            } else {
                long ms = 2000 + (long) (random.nextDouble() * (runMillis + 8000));
                point = "kill -9 after " + ms + " ms";
                p = startEtl(copy, warehouse, "kill-" + k);
                if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) p.destroyForcibly();
                p.waitFor();
            }
            System.out.println("PublishingTest: " + point + " (seed " + seed + "), exit " + p.exitValue());
            Snapshot now = dir.requireCurrent();
            if (now.id().equals(served.id())) {
                assertEquals(sums, checksums(served.dir()), "the served snapshot is intact after " + point + ", seed " + seed);
            } else {
                assertTrue(Files.exists(now.manifest()), "a snapshot switched to is complete, after " + point + ", seed " + seed);
            }
            assertSame(content, content(dir));
        }
        RunReport next = etl(copy, warehouse);
        assertEquals("published", next.status);
        assertEquals(next.runId, dir.requireCurrent().id());
        assertSame(content, content(dir));
        // what killed runs left is gone: unfinished snapshots, temporary pointers and reports, fresh rows
        try (var s = Files.list(warehouse.resolve("snapshots"))) {
            List<Path> snapshots = s.toList();
            assertTrue(snapshots.size() <= WarehouseDir.DEFAULT_KEEP, snapshots.toString());
            for (Path snap : snapshots) {
                assertTrue(Files.exists(snap.resolve("manifest.json")), snap + " is complete");
                assertFalse(Files.exists(snap.resolve("_fresh")), snap + " has no leftovers");
            }
        }
        try (var s = Files.list(warehouse)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith("CURRENT.tmp")).toList());
        }
        try (var s = Files.list(warehouse.resolve("runs"))) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    /** Each file of a snapshot, by its path in the snapshot, with its SHA-256. */
    static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] h = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                sums.put(dir.relativize(p).toString(), HexFormat.of().formatHex(h));
            }
        }
        assertTrue(sums.size() > 10);
        return sums;
    }

    /** The ETL as a process of its own (to be killed), its output in a log file. */
    static Process startEtl(Path returnsDir, Path warehouse, String name, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(System.getProperty("grassroots.spark.flags").trim().split("\\s+")));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-Xmx2g", "-cp", System.getProperty("java.class.path"), "grassroots.etl.EtlMain",
                "--returns", returnsDir.toString(), "--warehouse", warehouse.toString(), "--master", "local[2]"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    }
}
