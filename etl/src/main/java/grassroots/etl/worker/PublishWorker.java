package grassroots.etl.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import grassroots.access.AccessState;
import grassroots.access.Publications;
import grassroots.access.Submission;
import grassroots.etl.EtlJob;
import grassroots.etl.RunReport;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The long-running ETL worker: one Spark driver whose session stays warm, taking approved submissions from the shared
 * state database in the order they were approved, placing them as returns files and running the (incremental) ETL, the
 * warehouse's only writer, over the returns directory. One worker per warehouse (an OS lock on
 * {@code WAREHOUSE/worker.lock}, released by the system if the worker dies); a worker that died mid-publication leaves
 * the previous snapshot in use (the ETL publishes atomically) and its submissions are taken again by the next.
 */
public final class PublishWorker {
    private static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final SparkSession spark;
    private final AccessState state;
    private final Catalog catalog;
    private final Path returns;
    private final WarehouseDir warehouse;
    private final PublishedFiles files;
    private final Limits limits;
    private final int keep;
    private final PrintStream out;
    private final String name;

    public PublishWorker(SparkSession spark, AccessState state, Catalog catalog, Path returns, WarehouseDir warehouse,
                         Limits limits, int keep, PrintStream out) {
        this.spark = spark;
        this.state = state;
        this.catalog = catalog;
        this.returns = returns;
        this.warehouse = warehouse;
        this.limits = limits;
        this.keep = keep;
        this.out = out;
        this.files = new PublishedFiles(returns, warehouse.root(), catalog, limits);
        this.name = ManagementFactory.getRuntimeMXBean().getName();
    }

    /** Holds the warehouse's worker lock for as long as the worker runs; empty if another worker holds it. */
    public static Optional<FileLock> lock(WarehouseDir warehouse) throws IOException {
        Files.createDirectories(warehouse.root());
        FileChannel ch = FileChannel.open(warehouse.root().resolve("worker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) ch.close();
        return Optional.ofNullable(lock);
    }

    /** After a worker died: its publication abandoned, its submissions waiting again. Call while holding the lock. */
    public void recover() {
        int again = state.publications.recover();
        if (again > 0) out.printf("worker: %d submission(s) of an interrupted publication will be published again%n", again);
    }

    /** A first full ETL run when the warehouse has no snapshot yet (a new installation). */
    public void initialIfEmpty() {
        if (warehouse.current().isPresent()) return;
        out.println("worker: the warehouse has no snapshot yet; a first full ETL run over " + returns);
        job().run(returns, warehouse);
    }

    /** Publishes what is waiting, if anything: true when a publication ran (published or failed). */
    public boolean publishNext() {
        Optional<Publications.Publication> taken = state.publications.take(name);
        if (taken.isEmpty()) return false;
        Publications.Publication p = taken.get();
        List<Submission> subs = state.publications.submissionsOf(p.id());
        out.printf("worker: publication %d of submission(s) %s%n", p.id(), p.submissions());
        try {
            state.publications.stage(p.id(), "放置报表文件 / placing the approved files");
            files.removeStale(state.publications.placed());
            Map<Long, Integer> revisions = files.place(subs, warehouse.current().orElse(null));
            RunReport report = job().onStage(stage -> state.publications.stage(p.id(), stage)).run(returns, warehouse);
            state.publications.published(p.id(), report.runId, summary(report, subs), revisions);
            out.printf("worker: publication %d published as snapshot %s (%s, %.1f s)%n", p.id(), report.snapshot, report.mode, report.seconds);
        } catch (RuntimeException e) {
            state.publications.failed(p.id(), String.valueOf(e.getMessage()));
            out.printf("worker: publication %d failed: %s%n", p.id(), e.getMessage());
        }
        return true;
    }

    private EtlJob job() {
        return new EtlJob(spark, catalog, out).limits(limits).keep(keep);
    }

    /** What the pages show of a run: its mode, counts, time and what became of each submission's file. */
    private String summary(RunReport r, List<Submission> subs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.runId);
        m.put("snapshot", r.snapshot);
        m.put("status", r.status);
        m.put("mode", r.mode);
        m.put("seconds", r.seconds);
        m.put("rebuilt", r.rebuilt);
        m.put("loaded_rows", r.loadedRows);
        m.put("quarantined_rows", r.quarantinedRows);
        m.put("superseded_rows", r.supersededRows);
        m.put("stages", r.stages);
        Map<String, RunReport.FileReport> byName = new LinkedHashMap<>();
        for (RunReport.FileReport f : r.files) byName.put(f.file, f);
        List<Map<String, Object>> files = subs.stream().map(s -> {
            String name = returns.toAbsolutePath().relativize(this.files.target(s).toAbsolutePath()).toString();
            RunReport.FileReport f = byName.get(name);
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("submission", s.id());
            fm.put("file", name);
            fm.put("loaded_rows", f == null ? null : f.loadedRows);
            fm.put("quarantined_rows", f == null ? null : f.quarantinedRows);
            fm.put("superseded_rows", f == null ? null : f.supersededRows);
            return fm;
        }).toList();
        m.put("files", files);
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
