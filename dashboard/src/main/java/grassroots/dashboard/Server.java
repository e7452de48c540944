package grassroots.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.Unanswerable;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.query.Workbench;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** The web server: every route declared here, in one place. */
public final class Server {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private Server() {}

    /** JSON in snake_case, as the API documents it (region_code, reported_units …). */
    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** A handler that reads one snapshot, held for the length of the request. */
    @FunctionalInterface
    interface WarehouseHandler {
        void handle(Context ctx, Warehouse warehouse) throws Exception;
    }

    public static Javalin create(LiveWarehouse live, String host, int port) {
        return create(live, host, port, new ResponseCache(ResponseCache.DEFAULT_MB));
    }

    static Javalin create(LiveWarehouse live, String host, int port, ResponseCache cache) {
        return Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jsonMapper(new JavalinJackson(JSON, false));
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();

            cfg.routes.get("/api/health", on(live, Api::health));
            cfg.routes.get("/api/meta", cache.around(live, Api::meta));
            cfg.routes.get("/api/indicators", cache.around(live, Api::indicators));
            cfg.routes.get("/api/values", cache.around(live, Api::values));
            cfg.routes.get("/api/trend", cache.around(live, Api::trend));
            cfg.routes.get("/api/ranking", cache.around(live, Api::ranking));
            cfg.routes.get("/api/distribution", cache.around(live, Api::distribution));
            cfg.routes.get("/api/peers", cache.around(live, Api::peers));
            cfg.routes.get("/api/targets", cache.around(live, Api::targets));
            cfg.routes.get("/api/correlation", cache.around(live, Api::correlation));
            cfg.routes.get("/api/report", on(live, grassroots.dashboard.report.ReportHandler::report));
            cfg.routes.get("/api/regions", cache.around(live, Api::regions));
            cfg.routes.get("/api/regions/{code}", cache.around(live, Api::region));
            cfg.routes.get("/api/quality/completeness", cache.around(live, Api::completeness));
            cfg.routes.get("/api/quality/quarantine", on(live, Api::quarantine));
            cfg.routes.get("/api/quality/outliers", cache.around(live, Api::outliers));
            cfg.routes.post("/api/sql", on(live, Api::sql));
            cfg.routes.get("/api/sql/views", on(live, Api::sqlViews));
            cfg.routes.get("/api/sql/examples", on(live, Api::sqlExamples));

            cfg.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(error(e.text())));
            cfg.routes.exception(Workbench.Refused.class, (e, ctx) -> ctx.status(400).json(error(e.text())));
            cfg.routes.exception(Unanswerable.class, (e, ctx) -> ctx.status(400).json(error(e.text())));
            cfg.routes.exception(Warehouse.UnknownIndicator.class, (e, ctx) -> ctx.status(404).json(error(
                    Text.of("未知的指标：" + e.id(), "unknown indicator: " + e.id()))));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(error(
                    Text.of("请求无法回答：" + e.getMessage(), "cannot answer: " + e.getMessage()))));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("request failed: {}", ctx.path(), e);
                ctx.status(500).json(error(Text.of("服务器内部错误：" + e.getMessage(), "internal error: " + e.getMessage())));
            });
            // declared last, so that only a path no route above took lands here
            Handler unknown = ctx -> {
                throw ApiError.notFound("没有这个接口：" + ctx.path(), "no such endpoint: " + ctx.path());
            };
            cfg.routes.get("/api/*", unknown);
            cfg.routes.post("/api/*", unknown);
        });
    }

    private static Handler on(LiveWarehouse live, WarehouseHandler handler) {
        return ctx -> {
            try (LiveWarehouse.Lease lease = live.acquire()) {
                handler.handle(ctx, lease.warehouse());
            }
        };
    }

    private static Map<String, Object> error(Text text) {
        return Map.of("error", text);
    }
}
