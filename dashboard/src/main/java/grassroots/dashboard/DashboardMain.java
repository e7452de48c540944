package grassroots.dashboard;

import grassroots.access.AccessState;
import grassroots.access.Sessions;
import grassroots.access.StateDatabase;
import grassroots.dashboard.sql.SqlWorkers;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.QueryGate;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"启动指标看板和JSON接口(需登录)。仓库尚无快照时，先启动并等待第一次ETL发布。",
                "Serves the dashboard and the JSON API over the warehouse's current snapshot, to signed-in users. On a warehouse "
                        + "with no snapshot yet it starts all the same and serves the first one an ETL run publishes."})
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

    @Option(names = "--db", description = "users, sessions and the audit log in a shared database: jdbc:postgresql://… "
            + "(default: $GRASSROOTS_DB, else an embedded database under WAREHOUSE/state/)")
    String db;

    @Option(names = "--open-levels", defaultValue = "nation,province,prefecture",
            description = "levels whose aggregated values every signed-in user may see (default ${DEFAULT-VALUE}: what yearbooks publish)")
    String openLevels;

    @Option(names = "--allowed-hosts", split = ",", description = "host names the server is reached by, besides its address and localhost (e.g. behind a proxy)")
    List<String> allowedHosts = List.of();

    @Option(names = "--trust-proxy", description = "believe X-Forwarded-For/-Proto (only behind your own reverse proxy)")
    boolean trustProxy;

    @Option(names = "--session-idle-minutes", defaultValue = "60", description = "a session ends after this long unused (default ${DEFAULT-VALUE})")
    long idleMinutes;

    @Option(names = "--session-max-hours", defaultValue = "12", description = "a session ends after this long in any case (default ${DEFAULT-VALUE})")
    long maxHours;

    @Option(names = "--sql-workers", defaultValue = "2", description = "processes that run researchers' SQL, isolated from the server (default ${DEFAULT-VALUE}); also the most queries at once")
    int sqlWorkers;

    @Option(names = "--sql-per-user", defaultValue = "2", description = "queries one user may run at once (default ${DEFAULT-VALUE})")
    int sqlPerUser;

    @Option(names = "--sql-timeout", defaultValue = "30", description = "seconds a query and its answer may take (default ${DEFAULT-VALUE})")
    int sqlTimeout;

    @Option(names = "--sql-memory", defaultValue = "1GB", description = "DuckDB memory of each SQL worker (default ${DEFAULT-VALUE})")
    String sqlMemory;

    @Option(names = "--sql-spill", defaultValue = "4GB", description = "disk each SQL worker may spill to beyond its memory, in a temporary directory of its own (default ${DEFAULT-VALUE}; 0 for none)")
    String sqlSpill;

    @Option(names = "--api-queries", description = "API queries the warehouse runs at once; more wait their turn (default: eight per core)")
    Integer apiQueries;

    @Option(names = "--api-queue-seconds", defaultValue = "" + QueryGate.Bound.DEFAULT_WAIT_SECONDS,
            description = "how long an API query may wait its turn before the request is answered 503 busy (default ${DEFAULT-VALUE})")
    int apiQueueSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Cli.requireDirectory(warehouse, "仓库", "warehouse");
        Set<Level> open = parseLevels(openLevels);
        AccessState access = new AccessState(StateDatabase.open(warehouse, db), Duration.ofMinutes(idleMinutes), Duration.ofHours(maxHours));
        LiveWarehouse live = new LiveWarehouse(new WarehouseDir(warehouse), Catalog.standard(), new QueryGate.Bound(
                apiQueries == null ? QueryGate.Bound.DEFAULT_QUERIES : apiQueries, Duration.ofSeconds(apiQueueSeconds)));
        Javalin app = Server.create(live, access, new Server.Options(host, port, cacheMb, open, allowedHosts, trustProxy,
                SqlWorkers.Options.standard().withWorkers(sqlWorkers).withTimeout(Duration.ofSeconds(sqlTimeout))
                        .withPerUser(sqlPerUser).withMemory(sqlMemory, sqlSpill))).start();
        // Only the returns' pages need the hierarchy: it loads once the server answers a snapshot, and a request that
        // needs it sooner waits for it. Its seconds of CPU no longer delay the start (2 busy cores: 6.2–7.6 → 4.3–5.3 s),
        // nor a first ETL run the server starts beside.
        live.whenPublished(RegionHierarchy::loadInBackground);
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        if (!live.published()) {
            // a new installation: the server listens (its answers say why they wait) and is ready once the first ETL
            // run (./grassroots etl, or the worker beside it) publishes
            System.out.println("等待第一个快照(ETL运行中) / waiting for the warehouse's first snapshot (an ETL run is to publish it): "
                    + "http://" + shown + ":" + app.port() + "/");
            while (!live.published()) Thread.sleep(LiveWarehouse.CHECK_EVERY.toMillis());
        }
        try (LiveWarehouse.Lease l = live.acquire()) {
            System.out.println("看板已启动 / dashboard ready: http://" + shown + ":" + app.port() + "/  (snapshot "
                    + l.warehouse().snapshot().id() + "; state: " + access.database().description() + "; Ctrl-C to stop)");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            live.close();
            access.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    static Set<Level> parseLevels(String list) {
        try {
            return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Level::ofId)
                    .filter(l -> l != Level.UNIT).collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--open-levels: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new DashboardMain(), args));
    }
}
