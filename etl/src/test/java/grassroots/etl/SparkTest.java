package grassroots.etl;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** ETL tests on real Spark in local mode: one session for the whole test JVM (it takes seconds to start). */
abstract class SparkTest {
    @TempDir
    static Path tmp;
    static final Catalog catalog = Catalog.standard();
    private static SparkSession spark;

    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.start("local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
        }
        return spark;
    }

    /** One ETL run, its progress printed nowhere; returns its report. */
    static RunReport etl(Path returns, Path warehouse) {
        return etl(returns, warehouse, new ByteArrayOutputStream());
    }

    static RunReport etl(Path returns, Path warehouse, ByteArrayOutputStream progress) {
        return new EtlJob(spark(), catalog, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run(returns, new WarehouseDir(warehouse));
    }
}
