package grassroots.warehouse;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.MartBuilder;
import grassroots.warehouse.store.RegionsTable;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a real warehouse snapshot for tests without Spark: CSV returns with clean field-id headers are loaded by DuckDB
 * into the snapshot layout the ETL writes (facts partitioned by year), then the real regions table, marts and publish
 * step run. The ETL's own tests check that Spark produces the same warehouse from the same files.
 */
public final class SnapshotFixture {
    private SnapshotFixture() {}

    public static WarehouseDir fromReturns(Path returnsDir, Path warehouseRoot) {
        return fromReturns(returnsDir, warehouseRoot, Catalog.standard());
    }

    public static WarehouseDir fromReturns(Path returnsDir, Path warehouseRoot, Catalog catalog) {
        WarehouseDir dir = new WarehouseDir(warehouseRoot);
        Snapshot snapshot = dir.snapshot("fixture-" + System.nanoTime());
        RegionsTable.write(RegionHierarchy.standard(), snapshot);
        try (DuckDBConnection c = Duck.open()) {
            for (Form form : catalog.forms()) {
                Path formDir = returnsDir.resolve(form.id());
                if (!Files.isDirectory(formDir)) continue;
                List<String> columns = new ArrayList<>();
                for (Field f : form.fields()) columns.add(Duck.literal(f.id()) + ": " + Duck.literal(f.type().sqlType()));
                Files.createDirectories(snapshot.facts(form));
                Duck.exec(c, "COPY (SELECT *, left(" + form.regionField() + ", 2) AS province, 'fixture' AS source_file, "
                        + "0::BIGINT AS source_row, 0::BIGINT AS submitted_at "
                        + "FROM read_csv(" + Duck.literal(formDir.toAbsolutePath() + "/**/*.csv") + ", header = true, "
                        + "columns = {" + String.join(", ", columns) + "})) TO " + Duck.literal(snapshot.facts(form))
                        + " (FORMAT parquet, PARTITION_BY (year, province), OVERWRITE_OR_IGNORE)");
                // The fixture does not validate; a code it cannot place is a mistake in the test's data.
                try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM read_parquet("
                        + Duck.literal(Snapshot.parquetGlob(snapshot.facts(form))) + ") WHERE " + form.regionField()
                        + " NOT IN (SELECT code FROM read_parquet(" + Duck.literal(snapshot.regions()) + "))")) {
                    rs.next();
                    if (rs.getLong(1) > 0) throw new IllegalArgumentException(rs.getLong(1) + " rows of " + formDir + " have unknown codes");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        new MartBuilder(catalog).build(snapshot);
        dir.publish(snapshot);
        return dir;
    }
}
