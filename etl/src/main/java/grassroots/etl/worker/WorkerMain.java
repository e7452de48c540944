package grassroots.etl.worker;

import grassroots.access.AccessState;
import grassroots.access.StateDatabase;
import grassroots.etl.EtlOptions;
import grassroots.etl.SparkSessions;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"ETL常驻进程：按审核通过的顺序发布网上报送的报表(增量ETL，Spark会话常驻)。",
                "The ETL worker: publishes approved web submissions in the order they were approved (incremental ETL, a warm Spark session)."})
public final class WorkerMain implements Callable<Integer> {
    @Option(names = "--returns", required = true, description = "returns directory; approved submissions are placed under its web/ folder")
    Path returns;

    @Option(names = "--warehouse", required = true, description = "warehouse directory (uploads are under its submissions/ folder)")
    Path warehouse;

    @Option(names = "--db", description = "the state database shared with the servers: jdbc:postgresql://… (default: $GRASSROOTS_DB, else the embedded one under WAREHOUSE/state/)")
    String db;

    @Mixin
    EtlOptions options;

    @Option(names = "--poll-ms", defaultValue = "250", description = "how often the queue is looked at when idle (default ${DEFAULT-VALUE} ms: one indexed query; an approval waits half of it on average)")
    long pollMs;

    @Option(names = "--once", description = "publish what is waiting, then stop (for scripts)")
    boolean once;

    @Override
    public Integer call() throws Exception {
        Cli.requireDirectory(returns, "报表", "returns");
        WarehouseDir dir = new WarehouseDir(warehouse);
        Optional<FileLock> lock = PublishWorker.lock(dir);
        if (lock.isEmpty()) {
            System.err.println("另一个发布进程正在使用该仓库 / another worker holds this warehouse (" + dir.root().resolve("worker.lock") + ")");
            return 3;
        }
        Files.createDirectories(warehouse);
        SparkSession spark = SparkSessions.start(options.master);
        try (AccessState state = new AccessState(StateDatabase.open(warehouse, db))) {
            PublishWorker worker = new PublishWorker(spark, state, Catalog.standard(), returns, dir, options.limits(), options.keep, System.out);
            worker.recover();
            worker.initialIfEmpty();
            System.out.println("发布进程已启动 / worker ready (state: " + state.database().description() + ")");
            while (true) {
                boolean ran = worker.publishNext();
                if (!ran) {
                    if (once) return 0;
                    Thread.sleep(pollMs); // idle: the queue is in a database shared by other processes
                }
            }
        } finally {
            spark.stop();
            lock.get().release();
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new WorkerMain(), args));
    }
}
