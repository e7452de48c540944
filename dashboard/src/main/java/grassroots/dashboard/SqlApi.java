package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.dashboard.access.AuditTrail;
import grassroots.dashboard.access.Gate;
import grassroots.dashboard.access.JsonBody;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.query.Workbench;
import grassroots.dashboard.sql.SqlWorkers;
import io.javalin.http.Context;

import java.util.List;

/**
 * The SQL workbench over HTTP: {@code POST /api/sql} runs one query, in a worker process, over the views as the user's scope sees them;
 * every query is audited (text, rows, milliseconds, outcome). A link cannot run SQL: only a POST with a JSON body.
 */
final class SqlApi {
    /** Rows a JSON answer holds at most; downloads may hold more. */
    static final int JSON_ROWS = 10_000;
    static final int DOWNLOAD_ROWS = 1_000_000;

    private SqlApi() {}

    static Server.WarehouseHandler run(AuditTrail audit, SqlWorkers workers) {
        return (ctx, w) -> {
            JsonNode body = JsonBody.read(ctx);
            String sql = JsonBody.text(body, "sql");
            if (sql == null) throw ApiError.badRequest("缺少 sql", "missing \"sql\"");
            String formatParam = ctx.queryParam("format") != null ? ctx.queryParam("format") : JsonBody.text(body, "format");
            Tables.Format format = Tables.Format.of(formatParam);
            Viewer viewer = Viewer.of(ctx);
            if (format != Tables.Format.JSON) Gate.requireDownload(viewer);
            String user = viewer.user().name(), snapshot = snapshotDir(w), scope = viewer.scope().code();
            long start = System.nanoTime();
            long[] rows = {0};
            try {
                if (format == Tables.Format.JSON) {
                    SqlResult result = new SqlResult();
                    result.truncated = workers.run(user, snapshot, scope, sql, JSON_ROWS, result).truncated();
                    result.rowCount = result.rows.size();
                    result.elapsedMs = (System.nanoTime() - start) / 1_000_000;
                    rows[0] = result.rowCount;
                    ctx.json(result);
                } else {
                    workers.validate(user, snapshot, scope, sql); // refuse before the download's headers are sent
                    try (Tables.TableWriter out = Tables.open(ctx, format, "query")) {
                        workers.run(user, snapshot, scope, sql, DOWNLOAD_ROWS, new Workbench.Sink() {
                            public void columns(List<Workbench.Column> columns) throws Exception {
                                out.header(columns.stream().map(Workbench.Column::name).toList());
                            }

                            public void row(Object[] values) throws Exception {
                                rows[0]++;
                                out.row(values);
                            }
                        });
                    }
                }
                audit.record(ctx, "sql", "ok", format == Tables.Format.JSON ? "/api/sql" : "/api/sql?format=" + format.name().toLowerCase(),
                        sql, rows[0], (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                audit.record(ctx, "sql", e instanceof Workbench.Refused ? "refused" : "failed", "/api/sql", sql, null,
                        (System.nanoTime() - start) / 1_000_000);
                throw e;
            }
        };
    }

    /** The views as the viewer's scope sees them, with their columns. */
    static Server.WarehouseHandler views(SqlWorkers workers) {
        return (ctx, w) -> {
            Viewer v = Viewer.of(ctx);
            ctx.json(workers.views(v.user().name(), snapshotDir(w), v.scope().code()));
        };
    }

    /** Where the worker finds the snapshot the request holds (the server's own path: never sent to a client). */
    private static String snapshotDir(Warehouse w) {
        return w.snapshot().dir().toAbsolutePath().toString();
    }

    /** The JSON answer of the workbench. */
    static final class SqlResult implements Workbench.Sink {
        public List<Workbench.Column> columns;
        public final List<Object[]> rows = new java.util.ArrayList<>();
        public long rowCount;
        public boolean truncated;
        public long elapsedMs;

        public void columns(List<Workbench.Column> columns) { this.columns = columns; }
        public void row(Object[] values) { rows.add(values); }
    }
}
