package grassroots.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.Warehouse;
import io.javalin.Javalin;
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

    public static Javalin create(Warehouse warehouse, String host, int port) {
        Api api = new Api(warehouse);
        return Javalin.create(cfg -> {
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jsonMapper(new JavalinJackson(JSON, false));
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();

            cfg.routes.get("/api/health", api::health);
            cfg.routes.get("/api/meta", api::meta);
            cfg.routes.get("/api/indicators", api::indicators);
            cfg.routes.get("/api/values", api::values);
            cfg.routes.get("/api/trend", api::trend);
            cfg.routes.get("/api/regions/{code}", api::region);

            cfg.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(error(e.text())));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("request failed: {}", ctx.path(), e);
                ctx.status(500).json(error(Text.of("服务器内部错误：" + e.getMessage(), "internal error: " + e.getMessage())));
            });
            cfg.routes.error(404, "*", ctx -> {
                if (ctx.path().startsWith("/api/")) {
                    ctx.json(error(Text.of("没有这个接口：" + ctx.path(), "no such endpoint: " + ctx.path())));
                }
            });
        });
    }

    private static Map<String, Object> error(Text text) {
        return Map.of("error", text);
    }
}
