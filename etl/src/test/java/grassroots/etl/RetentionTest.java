package grassroots.etl;

import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.ReaderLock;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Repeated runs do not grow the warehouse without bound: a run keeps the last N published snapshots ({@code --keep})
 * and removes older ones, except one that a server (another process) still reads, which a later run removes.
 */
class RetentionTest extends SparkTest {

    static TreeSet<String> snapshots(Path warehouse) throws Exception {
        try (var s = Files.list(warehouse.resolve("snapshots"))) {
            TreeSet<String> ids = new TreeSet<>();
            s.forEach(p -> ids.add(p.getFileName().toString()));
            return ids;
        }
    }

    static RunReport etl(Path returns, Path warehouse, int keep) {
        return new EtlJob(spark(), catalog, new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .keep(keep).run(returns, new WarehouseDir(warehouse));
    }

    @Test
    void repeatedRunsKeepTheLastSnapshotsAndNoneAServerStillReads() throws Exception {
        Path returns = tmp.resolve("retention-returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(
                new SampleGenerator.Options(returns, List.of("64"), 2020, 2020, 3, SampleGenerator.Headers.ID));
        Path warehouse = tmp.resolve("retention");
        WarehouseDir dir = new WarehouseDir(warehouse);
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            published.add(etl(returns, warehouse, 2).runId);
            assertEquals(new TreeSet<>(published.subList(Math.max(0, published.size() - 2), published.size())), snapshots(warehouse));
        }
        String kept = dir.requireCurrent().id();
        assertTrue(Files.isDirectory(dir.snapshot(kept).dir().resolve("staged")), "what the next incremental run needs is kept");

        // a server in another process reads the current snapshot while two more runs publish, keeping one
        Process server = holdInAnotherProcess(warehouse);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("holding " + kept, out.readLine());
            String second = etl(returns, warehouse, 1).runId;
            String third = etl(returns, warehouse, 1).runId;
            assertEquals(new TreeSet<>(List.of(kept, third)), snapshots(warehouse), "the held snapshot stays; " + second + " went");
            assertTrue(Files.exists(dir.snapshot(kept).manifest()), "and stays whole");
            server.getOutputStream().close();
            assertEquals(0, server.waitFor());
        }
        String fourth = etl(returns, warehouse, 1).runId;
        assertEquals(new TreeSet<>(List.of(fourth)), snapshots(warehouse), "released, it is removed by the next run");
        try (var s = Files.list(warehouse.resolve("readers"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(fourth)).toList(),
                    "no lock file of a removed snapshot is left");
        }

        // within one process too: a snapshot held by this JVM is not removed
        Snapshot current = dir.requireCurrent();
        try (ReaderLock held = dir.lockForReading(current)) {
            String fifth = etl(returns, warehouse, 1).runId;
            assertEquals(new TreeSet<>(List.of(current.id(), fifth)), snapshots(warehouse));
        }
    }

    static Process holdInAnotherProcess(Path warehouse) throws Exception {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), HoldSnapshot.class.getName(), warehouse.toString());
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
