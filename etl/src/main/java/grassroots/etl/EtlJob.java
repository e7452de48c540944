package grassroots.etl;

import grassroots.etl.steps.Account;
import grassroots.etl.steps.BuildMarts;
import grassroots.etl.steps.EtlRun;
import grassroots.etl.steps.Plan;
import grassroots.etl.steps.Progress;
import grassroots.etl.steps.Publish;
import grassroots.etl.steps.ReadAndCheck;
import grassroots.etl.steps.SplitRevisions;
import grassroots.etl.steps.WriteRegions;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Checkpoints;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One ETL run: returns files → checked rows → a new warehouse snapshot, published only when complete and accounted for.
 * A pipeline of named steps (package {@code steps}): {@link Plan} (incremental or full; inspect the files),
 * {@link WriteRegions} (beside the inspection and the forms' loads), per form {@link ReadAndCheck} and {@link SplitRevisions}, {@link Account}, {@link BuildMarts},
 * {@link Publish}. Progress is kept in the run's report ({@code runs/<run-id>.json}). One job may run repeatedly on
 * one SparkSession.
 */
public final class EtlJob {
    private final Supplier<SparkSession> spark;
    private final Catalog catalog;
    private final PrintStream out;
    private Limits limits = Limits.fromSystemProperties();
    private int keep = WarehouseDir.DEFAULT_KEEP;
    private java.util.function.Consumer<String> onStage = label -> {};

    public EtlJob(SparkSession spark, Catalog catalog, PrintStream out) {
        this(() -> spark, catalog, out);
    }

    /**
     * A job whose Spark session may still be starting: {@code spark} is asked for it (and may wait) only once the
     * files are inspected (and the regions' writing started), which need no Spark (a command line's start overlaps them).
     */
    public EtlJob(Supplier<SparkSession> spark, Catalog catalog, PrintStream out) {
        this.spark = spark;
        this.catalog = catalog;
        this.out = out;
    }

    /** How much one returns file may hold (default: {@link Limits#fromSystemProperties()}). */
    public EtlJob limits(Limits limits) {
        this.limits = limits;
        return this;
    }

    /** How many published snapshots to keep (default {@value WarehouseDir#DEFAULT_KEEP}). */
    public EtlJob keep(int keep) {
        if (keep < 1) throw new IllegalArgumentException("--keep must be at least 1");
        this.keep = keep;
        return this;
    }

    /** Told each step's label as it begins (the same as the run report's {@code current_stage}), e.g. for a page. */
    public EtlJob onStage(java.util.function.Consumer<String> onStage) {
        this.onStage = onStage;
        return this;
    }

    public RunReport run(Path returnsDir, WarehouseDir warehouse) {
        long start = System.nanoTime();
        RunReport report = newReport(returnsDir, warehouse);
        Snapshot snapshot = warehouse.snapshot(report.runId);
        report.snapshot = snapshot.id();
        Path reportFile = warehouse.runs().resolve(report.runId + ".json");
        EtlRun run = new EtlRun(spark, catalog, limits, warehouse, snapshot, report, new Progress(report, out, reportFile, onStage));
        // a test's kill points include every Spark task (a partition written), not only the steps' starts
        SparkListener tasks = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                Checkpoints.reach("task " + end.taskInfo().taskId());
            }
        };
        SparkListener jobTimes = Boolean.getBoolean("grassroots.spark.profile") ? new JobTimes(out) : null;
        SparkSession session = null;
        java.util.concurrent.CompletableFuture<Void> regionsWritten = null;
        try {
            Plan.decide(run);
            regionsWritten = WriteRegions.start(run);
            Plan.inspect(run, returnsDir);
            session = run.spark();
            report.master = session.sparkContext().master();
            session.sparkContext().addSparkListener(tasks);
            if (jobTimes != null) session.sparkContext().addSparkListener(jobTimes);
            for (Form form : catalog.forms()) {
                List<ReturnFile> files = run.filesOf(form);
                if (files.isEmpty()) continue;
                run.progress.begin("load " + form.id(), "读取并校验 " + form.id() + " / reading and checking " + form.id());
                Set<String> touched = ReadAndCheck.run(run, form, files);
                long rows = SplitRevisions.run(run, form, touched);
                double secs = run.progress.end(touched == null ? "" : touched.size() + " province-year(s) rebuilt");
                run.progress.note(String.format("%,d rows, %,.0f rows/s", rows, rows / Math.max(secs, 1e-3)));
            }
            WriteRegions.finish(run, regionsWritten);
            Account.run(run);
            BuildMarts.run(run);
            Publish.run(run, reportFile, keep, start);
            return report;
        } catch (RuntimeException e) {
            WriteRegions.abandon(regionsWritten);
            Publish.failed(report, e, reportFile, start);
            throw e;
        } finally {
            if (session != null) {
                session.sparkContext().removeSparkListener(tasks);
                if (jobTimes != null) session.sparkContext().removeSparkListener(jobTimes);
            }
        }
    }

    private RunReport newReport(Path returnsDir, WarehouseDir warehouse) {
        RunReport report = new RunReport();
        report.runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(Instant.now());
        report.startedAt = Instant.now().toString();
        report.returnsDir = returnsDir.toAbsolutePath().normalize().toString();
        report.returnsKey = RunReport.keyOf(report.returnsDir);
        report.warehouse = warehouse.root().toString();
        return report;
    }
}
