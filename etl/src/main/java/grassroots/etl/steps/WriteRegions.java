package grassroots.etl.steps;

import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.RegionsTable;
import grassroots.warehouse.store.SnapshotFiles;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Step 2: the snapshot's hierarchy and crosswalk; an incremental run takes the previous snapshot's (same rules, same
 * codes). A full run writes them on a thread of their own while the driver inspects the files and reads the forms, and
 * waits for them before the marts, which read them. The forms' codes are checked against the hierarchy in memory
 * ({@code GrainRegions}), not against this table: waiting for it before the first form left a core idle for seconds.
 */
public final class WriteRegions {
    private WriteRegions() {}

    /** Starts writing the regions (after {@link Plan#decide}); {@link #finish} waits for them. */
    public static CompletableFuture<Void> start(EtlRun run) {
        if (run.incremental()) {
            SnapshotFiles.link(run.before.regions(), run.snapshot.regions());
            SnapshotFiles.link(run.before.crosswalk(), run.snapshot.crosswalk());
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> RegionsTable.write(RegionHierarchy.standard(), run.snapshot), WriteRegions::ownThread);
    }

    /** Not the common pool: the inspection's parallel stream uses that (one worker on two cores). */
    private static void ownThread(Runnable task) {
        Thread t = new Thread(task, "grassroots-regions");
        t.setDaemon(true);
        t.start();
    }

    public static void finish(EtlRun run, CompletableFuture<Void> written) {
        run.progress.begin("regions", "写入区划 / writing regions");
        try {
            written.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        run.progress.end(run.incremental() ? "taken over from the previous snapshot" : "written while the files were inspected and read");
    }

    /** After a failure: lets a write still under way end before the run's snapshot is given up. */
    public static void abandon(CompletableFuture<Void> written) {
        if (written != null) written.exceptionally(e -> null).join();
    }
}
