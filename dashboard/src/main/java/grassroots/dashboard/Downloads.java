package grassroots.dashboard;

import grassroots.dashboard.access.AuditTrail;
import io.javalin.http.Context;

/** Every download (CSV, Excel, a report) is audited with its endpoint, parameters and row count. */
public final class Downloads {
    static final String ROWS = "grassroots.download.rows";

    private Downloads() {}

    /** Marks the answer as a download of {@code rows} rows (a report counts as one), for the audit log. */
    public static void counted(Context ctx, long rows) {
        ctx.attribute(ROWS, rows);
    }

    static void audit(Context ctx, AuditTrail audit) {
        Long rows = ctx.attribute(ROWS);
        if (rows == null || ctx.path().equals("/api/sql")) return; // the workbench audits its own queries
        audit.record(ctx, "download", ctx.statusCode() < 400 ? "ok" : "failed", ctx.path(), ctx.queryString(), rows, null);
    }
}
