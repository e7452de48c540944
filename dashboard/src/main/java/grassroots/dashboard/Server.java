package grassroots.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.dashboard.access.AdminApi;
import grassroots.dashboard.access.AuditTrail;
import grassroots.dashboard.access.Gate;
import grassroots.dashboard.access.Need;
import grassroots.dashboard.access.SignIn;
import grassroots.dashboard.access.TokenApi;
import grassroots.dashboard.access.WebSecurity;
import grassroots.dashboard.report.ReportHandler;
import grassroots.dashboard.sql.SqlWorkers;
import grassroots.dashboard.submissions.PublishingApi;
import grassroots.dashboard.submissions.SubmissionApi;
import grassroots.dashboard.submissions.Tracker;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.QueryGate;
import grassroots.warehouse.query.Unanswerable;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.validation.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static grassroots.dashboard.access.Need.*;

/** The web server: every route and the access it needs, declared here, in one place. */
public final class Server {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private Server() {}

    /** JSON as the API documents it (see {@link ApiJson}). */
    static final ObjectMapper JSON = ApiJson.mapper();

    /** A handler that reads one snapshot, held for the length of the request. */
    @FunctionalInterface
    public interface WarehouseHandler {
        void handle(Context ctx, Warehouse warehouse) throws Exception;
    }

    /** How a server is set up: where it listens, who may reach it, what is open to every signed-in user. */
    public record Options(String host, int port, int cacheMb, Set<Level> openLevels, List<String> allowedHosts,
                          boolean trustProxy, SqlWorkers.Options sql) {
        public static final Set<Level> DEFAULT_OPEN_LEVELS = Set.of(Level.NATION, Level.PROVINCE, Level.PREFECTURE);

        public static Options local(int port) {
            return new Options("127.0.0.1", port, ResponseCache.DEFAULT_MB, DEFAULT_OPEN_LEVELS, List.of(), false,
                    SqlWorkers.Options.standard());
        }
    }

    /** Static files up to this size are compressed once at first request and served from memory. */
    private static final int PRECOMPRESS_MAX_BYTES = 2 << 20;

    public static Javalin create(LiveWarehouse live, AccessState access, Options options) {
        ResponseCache cache = new ResponseCache(options.cacheMb());
        WebSecurity web = new WebSecurity(options.host(), options.allowedHosts(), options.trustProxy());
        Gate gate = new Gate(access, options.openLevels());
        AuditTrail audit = new AuditTrail(access.audit, web);
        SqlWorkers workers = new SqlWorkers(options.sql());
        Catalog catalog = live.catalog();
        // uploads are kept under WAREHOUSE/submissions/; the hierarchy is asked for when a submission needs it: the
        // server answers while it still loads
        SubmissionApi submissions = new SubmissionApi(access, audit, live.dir().root(), catalog, RegionHierarchy::standard);
        Tracker tracker = new Tracker(access, submissions, catalog, RegionHierarchy::standard);
        // the OpenAPI document describes the routes as registered below, read back from the app once it exists
        AtomicReference<Javalin> server = new AtomicReference<>();
        Javalin app = Javalin.create(cfg -> {
            // the SQL workers are started once there is a snapshot to query (not beside a first ETL run)
            cfg.events.serverStarted(() -> live.whenPublished(workers::warm));
            cfg.events.serverStopped(workers::close);
            cfg.jetty.host = options.host();
            cfg.jetty.port = options.port();
            cfg.jsonMapper(new JavalinJackson(JSON, false));
            QueryParams.register(cfg.validation);
            // uploads beyond this are refused whole (413); larger than 1 MB they wait on disk, not in memory
            cfg.jetty.multipartConfig.maxFileSize(SubmissionApi.MAX_UPLOAD_MB, io.javalin.config.SizeUnit.MB);
            cfg.jetty.multipartConfig.maxTotalRequestSize(SubmissionApi.MAX_UPLOAD_MB + 1, io.javalin.config.SizeUnit.MB);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, io.javalin.config.SizeUnit.MB);
            // Compressed once and kept (precompress), not gzipped again for every visitor: ECharts is 1 MB.
            cfg.staticFiles.add(files -> {
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.precompressMaxSize = PRECOMPRESS_MAX_BYTES;
            });
            cfg.staticFiles.add(files -> { // as enableWebjars(), precompressed
                files.hostedPath = "/webjars";
                files.directory = "META-INF/resources/webjars";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "max-age=31622400");
                files.precompressMaxSize = PRECOMPRESS_MAX_BYTES;
            });

            cfg.routes.before(web::check);
            cfg.routes.before(gate::identify);
            cfg.routes.beforeMatched(gate::check);
            cfg.routes.after(ctx -> Downloads.audit(ctx, audit));

            // pages: the dashboard needs a signed-in user (assets and the sign-in page are public files)
            cfg.routes.get("/", Pages::dashboard, SIGNED_IN);
            cfg.routes.get("/signin", SignIn.link(access, gate, audit), PUBLIC);

            cfg.routes.get("/api/health", on(live, Api::health), PUBLIC);
            cfg.routes.post("/api/login", SignIn.login(access, gate, audit, live), PUBLIC);
            cfg.routes.post("/api/logout", SignIn.logout(access, audit), SIGNED_IN);
            cfg.routes.get("/api/me", on(live, SignIn::me), SIGNED_IN);
            cfg.routes.get("/api/tokens", TokenApi.list(access.tokens), SIGNED_IN);
            cfg.routes.post("/api/tokens", TokenApi.create(access.tokens, audit), SIGNED_IN);
            cfg.routes.delete("/api/tokens/{id}", TokenApi.revoke(access.tokens, audit), SIGNED_IN);

            cfg.routes.get("/api/openapi.json", cache.around(live,
                    (ctx, w) -> ctx.json(OpenApi.document(w, OpenApi.routes(server.get())))), SIGNED_IN);
            cfg.routes.get("/api/meta", cache.around(live, CatalogApi::meta), SIGNED_IN);
            cfg.routes.get("/api/indicators", cache.around(live, CatalogApi::indicators), SIGNED_IN);
            cfg.routes.get("/api/forms", cache.around(live, CatalogApi::forms), SIGNED_IN);
            cfg.routes.get("/api/catalog", cache.around(live, CatalogApi::catalog), SIGNED_IN);
            cfg.routes.get("/api/regions", cache.around(live, Api::regions), SIGNED_IN);
            cfg.routes.get("/api/regions/{code}", cache.around(live, Api::region), SIGNED_IN);
            cfg.routes.get("/api/values", cache.around(live, Api::values), VIEW_AGGREGATES);
            cfg.routes.get("/api/trend", cache.around(live, Api::trend), VIEW_AGGREGATES);
            cfg.routes.get("/api/ranking", cache.around(live, Api::ranking), VIEW_AGGREGATES);
            cfg.routes.get("/api/distribution", cache.around(live, Api::distribution), VIEW_AGGREGATES);
            cfg.routes.get("/api/peers", cache.around(live, Api::peers), VIEW_AGGREGATES);
            cfg.routes.get("/api/targets", cache.around(live, Api::targets), VIEW_AGGREGATES);
            cfg.routes.get("/api/overview", cache.around(live, Overview::handle), VIEW_AGGREGATES);
            cfg.routes.get("/api/correlation", cache.around(live, Api::correlation), VIEW_AGGREGATES);
            cfg.routes.get("/api/report", on(live, ReportHandler::report), REPORTS);
            cfg.routes.get("/api/quality/completeness", cache.around(live, Api::completeness), VIEW_AGGREGATES);
            cfg.routes.get("/api/quality/outliers", cache.around(live, Api::outliers), VIEW_AGGREGATES);
            cfg.routes.get("/api/quality/quarantine", on(live, Api::quarantine), QUALITY);
            cfg.routes.post("/api/sql", on(live, SqlApi.run(audit, workers)), SQL);
            cfg.routes.get("/api/sql/views", on(live, SqlApi.views(workers)), SQL);
            cfg.routes.get("/api/sql/examples", on(live, Api::sqlExamples), SQL);

            // returns sent through the web: reporters upload and submit within their scope; managers whose scope holds
            // the region approve, return and reopen (SubmissionApi decides by region); the problems workbook is a copy
            // of the user's own upload, not warehouse data (RETURNS_FILE: no download authority needed)
            cfg.routes.post("/api/submissions", submissions.upload(), SUBMIT_RETURNS);
            cfg.routes.get("/api/submissions", tracker.handler(), SUBMIT_RETURNS);
            cfg.routes.get("/api/submissions/{id}", submissions.one(), SUBMIT_RETURNS);
            cfg.routes.get("/api/submissions/{id}/problems", submissions.problems(), RETURNS_FILE);
            cfg.routes.post("/api/submissions/{id}/submit", submissions.submit(), SUBMIT_RETURNS);
            cfg.routes.post("/api/submissions/{id}/approve", submissions.approve(), PUBLISH);
            cfg.routes.post("/api/submissions/{id}/return", submissions.sendBack(), PUBLISH);
            cfg.routes.post("/api/submissions/{id}/reopen", submissions.reopen(), PUBLISH);
            cfg.routes.get("/api/publishing", PublishingApi.handler(access, catalog, RegionHierarchy::standard), SUBMIT_RETURNS);

            cfg.routes.get("/api/admin/roles", AdminApi.roles(), MANAGE_USERS);
            cfg.routes.get("/api/admin/users", AdminApi.users(access), MANAGE_USERS);
            cfg.routes.post("/api/admin/users", AdminApi.create(access, audit, live), MANAGE_USERS);
            cfg.routes.post("/api/admin/users/{name}", AdminApi.update(access, audit, live), MANAGE_USERS);
            cfg.routes.get("/api/audit", AdminApi.audit(access, audit), Need.AUDIT);

            cfg.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(error(e.text())));
            // before the warehouse's first snapshot is published (its first ETL run still going)
            cfg.routes.exception(LiveWarehouse.NotPublishedYet.class, (e, ctx) -> ctx.status(503).header("Retry-After", "10")
                    .json(error(LiveWarehouse.NotPublishedYet.TEXT)));
            // more requests at once than the warehouse's queries can take: shed them, the client may try again
            cfg.routes.exception(QueryGate.Busy.class, (e, ctx) -> ctx.status(503).header("Retry-After", "2")
                    .json(error(QueryGate.Busy.TEXT)));
            cfg.routes.exception(ValidationException.class, (e, ctx) -> ctx.status(400).json(error(QueryParams.text(e))));
            cfg.routes.exception(Workbench.Refused.class, (e, ctx) -> ctx.status(400).json(error(e.text())));
            cfg.routes.exception(Unanswerable.class, (e, ctx) -> ctx.status(400).json(error(e.text())));
            cfg.routes.exception(Warehouse.UnknownIndicator.class, (e, ctx) -> ctx.status(404).json(error(
                    Text.of("未知的指标：" + e.id(), "unknown indicator: " + e.id()))));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(error(
                    Text.of("请求无法回答", "the request cannot be answered"))));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                // the client gets an incident number, never a path, a stack trace or internal SQL; the log has the rest
                String incident = UUID.randomUUID().toString().substring(0, 8);
                log.error("request failed (incident {}): {}", incident, ctx.path(), e);
                ctx.status(500).json(error(Text.of("服务器内部错误(事件编号 " + incident + ")", "internal error (incident " + incident + ")")));
            });
            // declared last, so that only a path no route above took lands here
            Handler unknown = ctx -> {
                throw ApiError.notFound("没有这个接口：" + ctx.path(), "no such endpoint: " + ctx.path());
            };
            cfg.routes.get("/api/*", unknown, SIGNED_IN);
            cfg.routes.post("/api/*", unknown, SIGNED_IN);
        });
        server.set(app);
        return app;
    }

    static Handler on(LiveWarehouse live, WarehouseHandler handler) {
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
