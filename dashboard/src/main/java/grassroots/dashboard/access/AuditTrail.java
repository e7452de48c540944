package grassroots.dashboard.access;

import grassroots.access.Audit;
import io.javalin.http.Context;

/** Writes the audit log from a request: who (if anyone), from which address. */
public final class AuditTrail {
    private final Audit audit;
    private final WebSecurity web;

    public AuditTrail(Audit audit, WebSecurity web) {
        this.audit = audit;
        this.web = web;
    }

    public void record(Context ctx, String action, String outcome, String target, String detail, Long rows, Long millis) {
        Viewer v = Viewer.orNull(ctx);
        record(ctx, v == null ? null : v.user().name(), action, outcome, target, detail, rows, millis);
    }

    public void record(Context ctx, String user, String action, String outcome, String target, String detail, Long rows, Long millis) {
        audit.record(user, action, outcome, web.client(ctx), target, detail, rows, millis);
    }

    public String client(Context ctx) {
        return web.client(ctx);
    }
}
