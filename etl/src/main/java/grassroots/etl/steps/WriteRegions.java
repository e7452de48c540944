package grassroots.etl.steps;

import grassroots.warehouse.store.SnapshotFiles;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.RegionsTable;

/** Step 2: the snapshot's hierarchy and crosswalk; an incremental run takes the previous snapshot's (same rules, same codes). */
public final class WriteRegions {
    private WriteRegions() {}

    public static void run(EtlRun run) {
        run.progress.begin("regions", "写入区划 / writing regions");
        if (!run.incremental()) {
            RegionsTable.write(RegionHierarchy.standard(), run.snapshot);
            run.progress.end("");
        } else {
            SnapshotFiles.link(run.before.regions(), run.snapshot.regions());
            SnapshotFiles.link(run.before.crosswalk(), run.snapshot.crosswalk());
            run.progress.end("taken over from the previous snapshot");
        }
    }
}
