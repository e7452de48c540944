package grassroots.etl.worker;

import grassroots.access.AccessState;
import grassroots.access.Publications;
import grassroots.access.StateDatabase;
import grassroots.access.Submission;
import grassroots.etl.SparkSessions;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.returns.Limits;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ETL worker on real Spark: approved submissions become returns files that win over earlier returns of the same
 * units (by revision), are published by the incremental ETL in order, once; a worker that died mid-publication leaves
 * its work to the next, which publishes it without doubling anything.
 */
class PublishWorkerTest {
    @TempDir
    Path tmp;
    static final Catalog catalog = Catalog.standard();

    @Test
    void approvedSubmissionsArePublishedInOrderOnceAndAfterAWorkerDied() throws Exception {
        Path returns = tmp.resolve("returns"), wh = tmp.resolve("wh");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                returns, List.of("64"), 2020, 2020, 7, SampleGenerator.Headers.ID));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WarehouseDir dir = new WarehouseDir(wh);
        try (AccessState state = new AccessState(StateDatabase.open(wh, null))) {
            PublishWorker worker = new PublishWorker(SparkSessions.start("local[2]"), state, catalog, returns, dir,
                    Limits.fromSystemProperties(), 3, new PrintStream(log, true, StandardCharsets.UTF_8));
            assertTrue(PublishWorker.lock(dir).isPresent());
            worker.initialIfEmpty();
            String first = dir.requireCurrent().id();
            assertFalse(worker.publishNext(), "nothing waiting, nothing run");
            assertEquals(first, dir.requireCurrent().id());

            // a county resubmits its 2020 units with 7 certified social workers each, twice: the later approval wins
            List<String> lines = Files.readAllLines(returns.resolve("JC-1/64/JC-1_64_2020.csv"));
            String county = lines.get(1).substring(0, 6);
            List<String> header = List.of(lines.get(0).split(",", -1));
            List<String> rows = lines.stream().skip(1).filter(l -> l.startsWith(county)).toList();
            long a = approved(state, wh, county, header, rows, "7");

            // a worker takes it and dies before the ETL ends (nothing published; the OS lets go of its lock)
            Publications.Publication died = state.publications.take("dead-worker").orElseThrow();
            assertEquals(List.of(a), died.submissions());
            worker.recover();
            assertEquals("abandoned", state.publications.find(died.id()).orElseThrow().status());
            assertTrue(worker.publishNext());
            Publications.Publication p = state.publications.latest(1).get(0);
            assertEquals("published", p.status(), p.error());
            assertEquals(List.of(a), p.submissions());
            assertTrue(p.report().contains("\"mode\":\"incremental\""), p.report());
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("读取并校验 JC-1"));
            assertFalse(worker.publishNext(), "published once");
            assertEquals(rows.size() + " " + rows.size() + " 7 7", countyFacts(dir.requireCurrent(), county));

            // reopened, resubmitted and approved again: the later approval replaces the earlier rows
            state.submissions.reopen(a, "manager", "补报");
            long b = approved(state, wh, county, header, rows, "9");
            assertTrue(worker.publishNext());
            Submission sa = state.submissions.find(a).orElseThrow(), sb = state.submissions.find(b).orElseThrow();
            assertEquals(Submission.Status.PUBLISHED, sb.status());
            assertTrue(sb.revision() > sa.revision(), "later approvals carry higher revisions");
            Snapshot now = dir.requireCurrent();
            assertNotEquals(first, now.id());
            assertEquals(rows.size() + " " + rows.size() + " 9 9", countyFacts(now, county));
            try (var web = Files.walk(returns.resolve("web"))) {
                assertEquals(2, web.filter(Files::isRegularFile).count(), "one file per submission, written once");
            }
            // the publications gave the warehouse a full ETL run gives over the same returns directory
            grassroots.etl.WarehouseContent.assertEqualsFullRun(SparkSessions.start("local[2]"), catalog, wh, returns, tmp.resolve("full"));
        }
    }

    /** Rows, distinct units and the least and most certified social workers of the county's 2020 facts. */
    private static String countyFacts(Snapshot snapshot, String county) throws Exception {
        try (DuckDBConnection db = Duck.open()) {
            List<String> found = new ArrayList<>();
            Duck.each(db, "SELECT count(*), count(DISTINCT unit_code), min(certified_social_workers), max(certified_social_workers) FROM "
                    + Snapshot.readFacts(snapshot.facts(catalog.form("JC-1"))) + " WHERE year = 2020 AND unit_code LIKE '" + county + "%'",
                    r -> found.add(r.getLong(1) + " " + r.getLong(2) + " " + r.getInt(3) + " " + r.getInt(4)));
            return found.get(0);
        }
    }

    /** A submission as the dashboard records one (its file under WAREHOUSE/submissions/<id>/), submitted and approved. */
    private static long approved(AccessState state, Path wh, String county, List<String> header, List<String> rows, String workers) throws Exception {
        int col = header.indexOf("certified_social_workers");
        StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
        for (String r : rows) {
            String[] cells = r.split(",", -1);
            cells[col] = workers;
            csv.append(String.join(",", cells)).append('\n');
        }
        Submission s = state.submissions.create(new Submission.Checked("JC-1", 2020, county, "reporter", "county.csv",
                "00".repeat(32), csv.length(), rows.size(), rows.size(), 0, rows.size()));
        Path dir = Files.createDirectories(wh.resolve("submissions").resolve(Long.toString(s.id())));
        Files.writeString(dir.resolve("upload.csv"), csv);
        state.submissions.submit(s.id());
        state.submissions.approve(s.id(), "manager");
        return s.id();
    }
}
