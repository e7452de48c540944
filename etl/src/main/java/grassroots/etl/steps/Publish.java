package grassroots.etl.steps;

import grassroots.warehouse.store.SnapshotFiles;
import grassroots.etl.RunReport;
import grassroots.warehouse.store.Checkpoints;
import grassroots.warehouse.store.WarehouseDir;

import java.nio.file.Path;

/**
 * Step 7: the manifest, then the atomic switch of CURRENT (a run killed before it leaves the previous snapshot in
 * use), the run's report, and the removal of snapshots beyond the last {@code keep} that no reader holds.
 */
public final class Publish {
    private Publish() {}

    public static void run(EtlRun run, Path reportFile, int keep, long startNanos) {
        SnapshotFiles.deleteRecursively(run.snapshot.dir().resolve("_fresh"));
        RunReport report = run.report;
        report.status = "published";
        finish(report, startNanos);
        report.forSnapshot().write(run.snapshot.manifest());
        Checkpoints.reach("manifest written");
        run.warehouse.publish(run.snapshot);
        report.write(reportFile);
        Checkpoints.reach("report written");
        WarehouseDir.Retention kept = run.warehouse.retain(keep);
        if (!kept.removed().isEmpty() || !kept.held().isEmpty()) {
            run.progress.note(String.format("removed %d old snapshot(s); %d still held by a reader, removed by a later run",
                    kept.removed().size(), kept.held().size()));
        }
    }

    static void finish(RunReport report, long startNanos) {
        report.finishedAt = java.time.Instant.now().toString();
        report.seconds = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }

    /** The report of a run that failed, written where its report goes. */
    public static void failed(RunReport report, RuntimeException e, Path reportFile, long startNanos) {
        report.status = "failed";
        report.error = e.getMessage();
        report.currentStage = null;
        finish(report, startNanos);
        report.write(reportFile);
    }
}
