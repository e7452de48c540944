package grassroots.dashboard;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"启动指标看板和JSON接口。", "Serves the dashboard and the JSON API over the warehouse's current snapshot."})
public final class DashboardMain implements Callable<Integer> {
    @Option(names = "--warehouse", required = true, description = "warehouse directory written by ./grassroots etl")
    Path warehouse;

    @Option(names = "--port", defaultValue = "7070", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for all)")
    String host;

    @Option(names = "--cache-mb", defaultValue = "" + ResponseCache.DEFAULT_MB,
            description = "memory for repeated API answers, in MiB (default ${DEFAULT-VALUE}; 0: compute every answer)")
    int cacheMb;

    @Override
    public Integer call() throws InterruptedException {
        Cli.requireDirectory(warehouse, "仓库", "warehouse");
        LiveWarehouse live = new LiveWarehouse(new WarehouseDir(warehouse), Catalog.standard());
        Javalin app = Server.create(live, host, port, new ResponseCache(cacheMb)).start();
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        try (LiveWarehouse.Lease l = live.acquire()) {
            System.out.println("看板已启动 / dashboard ready: http://" + shown + ":" + app.port() + "/  (snapshot "
                    + l.warehouse().snapshot().id() + "; new snapshots are picked up as they are published; Ctrl-C to stop)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            live.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new DashboardMain(), args));
    }
}
