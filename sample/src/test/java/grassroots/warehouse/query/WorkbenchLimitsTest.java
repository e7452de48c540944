package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.Snapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Every answer is capped in rows and bytes and says why it stopped; spilling to disk is off, or bounded and outside the snapshot. */
class WorkbenchLimitsTest {
    static Snapshot snapshot;
    // a sort of ~100 MB of text: more than the memory limit below, so it needs disk
    static final String BIG_SORT = "SELECT count(*), max(m) FROM (SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS m "
            + "FROM range(1500000) t(i) ORDER BY m)";

    @TempDir
    Path tmp;

    @BeforeAll
    static void build() {
        snapshot = SandboxFixture.snapshot();
    }

    @Test
    void answersStopAtTheByteCapWithAReason() {
        try (Workbench bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(20, "256MB", 1).withMaxBytes(50_000))) {
            AtomicReference<String> reason = new AtomicReference<>();
            long[] rows = {0};
            Workbench.Answer answer = bench.answer("SELECT repeat('x', 1000) AS filler FROM range(1000)", 100_000, new Workbench.Sink() {
                public void columns(List<Workbench.Column> columns) {}
                public void row(Object[] values) { rows[0]++; }
                public void truncated(grassroots.warehouse.Text why) { reason.set(why.en()); }
            });
            assertTrue(answer.truncated());
            assertTrue(answer.bytes() <= 50_000, "bytes handed over: " + answer.bytes());
            assertEquals(answer.rows(), rows[0]);
            assertTrue(rows[0] > 0 && rows[0] < 1000, "rows: " + rows[0]);
            assertTrue(reason.get().contains("exceeds"), reason.get());

            Workbench.Answer capped = bench.answer("SELECT * FROM range(100)", 10, WorkbenchAllowListTest.ignore());
            assertEquals(10, capped.rows());
            assertTrue(capped.truncatedBecause().en().contains("more than 10 rows"), capped.truncatedBecause().en());
            assertFalse(bench.answer("SELECT * FROM range(10)", 10, WorkbenchAllowListTest.ignore()).truncated());
        }
    }

    @Test
    void noSpillingByDefault() {
        try (Workbench bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(60, "64MB", 1))) {
            Workbench.Refused e = assertThrows(Workbench.Refused.class, () -> bench.run(BIG_SORT, 10, WorkbenchAllowListTest.ignore()));
            assertTrue(e.text().en().contains("Out of Memory"), e.text().en());
        }
        assertFalse(Files.exists(Path.of(".tmp")), "nothing spilled into the working directory");
    }

    @Test
    void spillingIsBoundedAndOutsideTheSnapshot() throws Exception {
        Path spill = tmp.resolve("spill");
        try (Workbench bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(60, "64MB", 1).withSpill(spill, "2GB"))) {
            assertEquals(1, bench.answer(BIG_SORT, 10, WorkbenchAllowListTest.ignore()).rows(), "a big sort spills and completes");
        }
        try (Workbench bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(60, "64MB", 1).withSpill(spill, "1MB"))) {
            Workbench.Refused e = assertThrows(Workbench.Refused.class, () -> bench.run(BIG_SORT, 10, WorkbenchAllowListTest.ignore()));
            assertTrue(e.text().en().contains("max_temp_directory_size"), e.text().en());
        }
        assertThrows(IllegalArgumentException.class, () -> Workbench.open(snapshot, Catalog.standard(),
                new Workbench.Limits(60, "64MB", 1).withSpill(snapshot.dir().resolve("tmp"), "1GB")));
    }
}
