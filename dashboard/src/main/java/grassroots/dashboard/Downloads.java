package grassroots.dashboard;

import grassroots.dashboard.access.AuditTrail;
import io.javalin.http.Context;

/** Every table download (CSV, Excel) is audited with its endpoint, parameters and row count. */
final class Downloads {
    static final String ROWS = "grassroots.download.rows";

    private Downloads() {}

    static void counted(Context ctx, long rows) {
        ctx.attribute(ROWS, rows);
    }

    static void audit(Context ctx, AuditTrail audit) {
        Long rows = ctx.attribute(ROWS);
        if (rows == null || ctx.path().equals("/api/sql")) return; // the workbench audits its own queries
        audit.record(ctx, "download", ctx.statusCode() < 400 ? "ok" : "failed", ctx.path(), ctx.queryString(), rows, null);
    }
}
