package grassroots.etl.steps;

import grassroots.etl.RunReport;
import grassroots.etl.RunReport.FileReport;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the steps of one ETL run share: the engine and the catalog, where it writes, what the plan found (the previous
 * run it builds on, if any, and the files), and its report, which every step adds to.
 */
public final class EtlRun {
    private final Supplier<SparkSession> spark;
    public final Catalog catalog;
    public final Limits limits;
    public final WarehouseDir warehouse;
    public final Snapshot snapshot;
    public final RunReport report;
    public final Progress progress;

    /** The previous run's report when this run is incremental (same returns directory and rules), else null. */
    RunReport previous;
    /** The snapshot the previous run published (when {@link #previous} is set). */
    Snapshot before;
    List<ReturnFile> files;
    /** Per form id, the province-years this run rebuilt ("2020_32"); null for a form rebuilt whole. */
    final Map<String, java.util.Set<String>> rebuilt = new java.util.HashMap<>();
    Map<String, FileReport> byFile;

    public EtlRun(Supplier<SparkSession> spark, Catalog catalog, Limits limits, WarehouseDir warehouse, Snapshot snapshot,
                  RunReport report, Progress progress) {
        this.spark = spark;
        this.catalog = catalog;
        this.limits = limits;
        this.warehouse = warehouse;
        this.snapshot = snapshot;
        this.report = report;
        this.progress = progress;
    }

    /** The Spark session (it may still be starting while the files are inspected: this waits for it). */
    public SparkSession spark() {
        return spark.get();
    }

    /** The inspected files of a form. */
    public List<ReturnFile> filesOf(grassroots.warehouse.forms.Form form) {
        return files.stream().filter(f -> form.id().equals(f.formId())).toList();
    }

    public boolean incremental() {
        return previous != null;
    }
}
