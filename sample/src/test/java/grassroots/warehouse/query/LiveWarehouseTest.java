package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** A new snapshot is picked up by the next request, while requests in flight finish on the old one without failing. */
class LiveWarehouseTest {
    @Test
    void switchesSnapshotsUnderConcurrentReads(@TempDir Path tmp) throws Exception {
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2020, 2020, 5, SampleGenerator.Headers.ID));
        WarehouseDir dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));
        String first = dir.requireCurrent().id();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean published = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (LiveWarehouse live = new LiveWarehouse(dir, catalog, Duration.ZERO)) {
            List<Future<Integer>> readers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                readers.add(pool.submit(() -> {
                    int reads = 0, afterPublish = 0;
                    // bounded: stop once this reader has read on after the publish, or after 100,000 reads
                    for (int i = 0; i < 100_000; i++) {
                        try (LiveWarehouse.Lease lease = live.acquire()) {
                            Warehouse w = lease.warehouse();
                            assertEquals(5, w.values("charter_coverage", Level.PREFECTURE, 2020, "64").size());
                            seen.add(w.snapshot().id());
                            reads++;
                        }
                        if (published.get() && seen.contains("second") && ++afterPublish > 20) break;
                    }
                    return reads;
                }));
            }
            Snapshot second = dir.derive(dir.requireCurrent(), "second");
            new grassroots.warehouse.store.MartBuilder(catalog).build(second);
            dir.publish(second);
            published.set(true);
            for (Future<Integer> r : readers) assertTrue(r.get() > 0, "every reader finished without an error");
            try (LiveWarehouse.Lease lease = live.acquire()) {
                assertEquals("second", lease.warehouse().snapshot().id());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Set.of(first, "second"), seen, "reads saw the old snapshot, then the new one");
    }

    /** A request that began on the old snapshot straddles the switch: it finishes there, then the old one is closed. */
    @Test
    void aRequestStraddlingTheSwitchFinishesOnTheOldSnapshot(@TempDir Path tmp) throws Exception {
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2020, 2020, 5, SampleGenerator.Headers.ID));
        WarehouseDir dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));
        String first = dir.requireCurrent().id();
        try (LiveWarehouse live = new LiveWarehouse(dir, catalog, Duration.ZERO)) {
            LiveWarehouse.Lease inFlight = live.acquire();
            Warehouse old = inFlight.warehouse();
            assertEquals(5, old.values("charter_coverage", Level.PREFECTURE, 2020, "64").size());

            Snapshot second = dir.derive(dir.requireCurrent(), "second");
            new grassroots.warehouse.store.MartBuilder(catalog).build(second);
            dir.publish(second);

            // a request arriving now is served by the new snapshot …
            try (LiveWarehouse.Lease next = live.acquire()) {
                assertEquals("second", next.warehouse().snapshot().id());
                assertEquals(5, next.warehouse().values("charter_coverage", Level.PREFECTURE, 2020, "64").size());
            }
            // … while the one in flight goes on reading the old one, which stays open for it
            assertEquals(first, old.snapshot().id());
            assertEquals(5, old.values("charter_coverage", Level.PREFECTURE, 2020, "64").size());
            assertEquals(22, old.values("charter_coverage", Level.COUNTY, 2020, "64").size());
            inFlight.close();
            // the last holder let go: the old snapshot's database is closed
            assertThrows(RuntimeException.class, () -> old.values("charter_coverage", Level.PREFECTURE, 2020, "64"));
        }
    }
}
