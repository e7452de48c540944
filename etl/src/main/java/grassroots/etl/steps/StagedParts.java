package grassroots.etl.steps;

import grassroots.warehouse.store.SnapshotFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads of a directory written by province-year ({@code part=2020_32/}). An incremental run asks for a few
 * partitions: naming their directories lets Spark list those only, instead of all of a national snapshot's (a
 * listing job of its own) and then pruning.
 */
final class StagedParts {
    private StagedParts() {}

    /** The rows of {@code parts} (null: all), with the {@code part} column; null when none of them has a directory. */
    static Dataset<Row> read(SparkSession spark, Path dir, Set<String> parts) {
        if (parts == null) return spark.read().parquet(dir.toString());
        String[] paths = SnapshotFiles.partDirs(dir, parts, false).stream().map(Path::toString).toArray(String[]::new);
        if (paths.length == 0) return null;
        return spark.read().option("basePath", dir.toString()).parquet(paths);
    }
}
