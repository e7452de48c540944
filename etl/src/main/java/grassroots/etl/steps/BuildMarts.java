package grassroots.etl.steps;

import grassroots.warehouse.store.MartBuilder;

/**
 * Step 6: the indicator marts (DuckDB) over the snapshot's facts and regions. An incremental run sums only the
 * province-years it rebuilt and takes the previous snapshot's township sums of the others, then rolls up the years
 * it rebuilt into a copy of the previous marts.
 */
public final class BuildMarts {
    private BuildMarts() {}

    public static void run(EtlRun run) {
        run.progress.begin("marts", "计算指标 / computing indicator marts");
        // Spark is done with its heap for this run: a full collection empties it before DuckDB's memory comes on top.
        // It does not hand the heap back to the system (the parallel collector does not resize on System.gc()); the
        // launcher's free ratios are what keep the heap small (docs/BENCHMARKS.md, measured 2026-12-02).
        System.gc();
        run.report.marts = new MartBuilder(run.catalog).build(run.snapshot, run.before, run.rebuilt);
        run.progress.end(run.report.marts);
    }
}
