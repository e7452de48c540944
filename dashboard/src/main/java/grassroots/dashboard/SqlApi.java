package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.dashboard.access.AuditTrail;
import grassroots.dashboard.access.Gate;
import grassroots.dashboard.access.JsonBody;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.store.RowScope;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * The SQL workbench over HTTP: {@code POST /api/sql} runs one query over the views as the user's scope sees them;
 * every query is audited (text, rows, milliseconds, outcome). A link cannot run SQL: only a POST with a JSON body.
 */
final class SqlApi {
    /** Rows a JSON answer holds at most; downloads may hold more. */
    static final int JSON_ROWS = 10_000;
    static final int DOWNLOAD_ROWS = 1_000_000;

    private SqlApi() {}

    static Server.WarehouseHandler run(AuditTrail audit) {
        return (ctx, w) -> {
            JsonNode body = JsonBody.read(ctx);
            String sql = JsonBody.text(body, "sql");
            if (sql == null) throw ApiError.badRequest("缺少 sql", "missing \"sql\"");
            String formatParam = ctx.queryParam("format") != null ? ctx.queryParam("format") : JsonBody.text(body, "format");
            Tables.Format format = Tables.Format.of(formatParam);
            Viewer viewer = Viewer.of(ctx);
            if (format != Tables.Format.JSON) Gate.requireDownload(viewer);
            Workbench bench = w.workbench(new RowScope(viewer.scope().code()));
            long start = System.nanoTime();
            long[] rows = {0};
            try {
                if (format == Tables.Format.JSON) {
                    SqlResult result = new SqlResult();
                    result.truncated = bench.run(sql, JSON_ROWS, result);
                    result.rowCount = result.rows.size();
                    result.elapsedMs = (System.nanoTime() - start) / 1_000_000;
                    rows[0] = result.rowCount;
                    ctx.json(result);
                } else {
                    bench.validateOnly(sql); // refuse before the download's headers are sent
                    try (Tables.TableWriter out = Tables.open(ctx, format, "query")) {
                        bench.run(sql, DOWNLOAD_ROWS, new Workbench.Sink() {
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
    static void views(Context ctx, Warehouse w) {
        Workbench bench = w.workbench(new RowScope(Viewer.of(ctx).scope().code()));
        ctx.json(bench.views().stream().map(v -> Map.of("name", v.name(), "description", v.description(),
                "columns", bench.describe(v.name()))).toList());
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
