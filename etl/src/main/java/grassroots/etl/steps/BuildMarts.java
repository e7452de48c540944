package grassroots.etl.steps;

import grassroots.warehouse.store.MartBuilder;

/** Step 6: the indicator marts (DuckDB) over the snapshot's facts and regions. */
public final class BuildMarts {
    private BuildMarts() {}

    public static void run(EtlRun run) {
        run.progress.begin("marts", "计算指标 / computing indicator marts");
        new MartBuilder(run.catalog).build(run.snapshot);
        run.progress.end("");
    }
}
