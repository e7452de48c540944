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
        // Spark is done with its heap for this run: a full collection lets the JVM return what it no longer uses, so
        // that DuckDB's memory comes on top of a small heap rather than a full one (the ETL's peak is their sum).
        System.gc();
        run.report.marts = new MartBuilder(run.catalog).build(run.snapshot, run.before, run.rebuilt);
        run.progress.end(run.report.marts);
    }
}
