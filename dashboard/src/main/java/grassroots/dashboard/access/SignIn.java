package grassroots.dashboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.AccessState;
import grassroots.access.Sessions;
import grassroots.access.SignInThrottle;
import grassroots.access.User;
import grassroots.dashboard.ApiError;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.Warehouse;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Signing in and out, and who one is: {@code POST /api/login}, {@code POST /api/logout}, {@code GET /api/me}, {@code GET /signin}. */
public final class SignIn {
    private SignIn() {}

    public static Handler login(AccessState state, Gate gate, AuditTrail audit, LiveWarehouse live) {
        return ctx -> {
            JsonNode body = JsonBody.read(ctx);
            String name = JsonBody.text(body, "name"), password = JsonBody.text(body, "password");
            if (name == null || password == null) throw ApiError.badRequest("缺少 name 或 password", "missing name or password");
            String client = audit.client(ctx);
            Optional<SignInThrottle.Wait> wait = state.throttle.mustWait(name, client);
            if (wait.isPresent()) {
                audit.record(ctx, name, "sign_in", "refused", null, wait.get().locked() ? "locked" : "throttled", null, null);
                ctx.header("Retry-After", Long.toString(wait.get().seconds()));
                throw wait.get().locked()
                        ? ApiError.tooMany("登录失败次数过多，已锁定，请" + minutes(wait.get().seconds()) + "分钟后再试",
                        "too many failed sign-ins: locked, try again in " + minutes(wait.get().seconds()) + " min")
                        : ApiError.tooMany("登录失败次数过多，请" + wait.get().seconds() + "秒后再试",
                        "too many failed sign-ins: wait " + wait.get().seconds() + " s");
            }
            Optional<User> user = state.users.verify(name, password);
            if (user.isEmpty()) {
                boolean locked = state.throttle.failed(name, client);
                audit.record(ctx, name, "sign_in", "refused", null, locked ? "wrong name or password; now locked" : "wrong name or password", null, null);
                throw new ApiError(401, Text.of("用户名或密码错误", "wrong user name or password"));
            }
            state.throttle.succeeded(name);
            start(ctx, state, gate, user.get());
            audit.record(ctx, name, "sign_in", "ok", null, null, null, null);
            try (LiveWarehouse.Lease lease = live.acquire()) {
                ctx.json(me(Viewer.of(ctx), Viewer.of(ctx).csrfToken(), lease.warehouse()));
            }
        };
    }

    /** A new session for the user, its cookie set, and the request now theirs. */
    private static void start(Context ctx, AccessState state, Gate gate, User user) {
        String old = ctx.cookie(Gate.SESSION_COOKIE);
        if (old != null) state.sessions.close(old); // a new id at every sign-in (no session fixation)
        Sessions.Opened opened = state.sessions.open(user, null);
        Gate.setSessionCookie(ctx, opened.id());
        gate.viewer(user, opened.csrfToken()).attach(ctx);
    }

    public static Handler logout(AccessState state, AuditTrail audit) {
        return ctx -> {
            String cookie = ctx.cookie(Gate.SESSION_COOKIE);
            state.sessions.close(cookie);
            Gate.clearSessionCookie(ctx);
            audit.record(ctx, "sign_out", "ok", null, null, null, null);
            ctx.json(Map.of("signed_out", true));
        };
    }

    public static void me(Context ctx, Warehouse w) {
        Viewer v = Viewer.of(ctx);
        ctx.json(me(v, v.csrfToken(), w));
    }

    /** Where a user lands: the overview, or for a reporter (who sees no indicators) the upload page. */
    static String home(User user) {
        return !user.may(grassroots.access.Authority.VIEW_AGGREGATES) && user.may(grassroots.access.Authority.SUBMIT_RETURNS)
                ? "/?tab=submit" : "/";
    }

    /** The one-time link the demo prints: signs the browser in and goes to the dashboard. */
    public static Handler link(AccessState state, Gate gate, AuditTrail audit) {
        return ctx -> {
            Optional<User> user = state.tokens.redeemLink(ctx.queryParam("token"));
            if (user.isEmpty()) {
                audit.record(ctx, null, "sign_in_link", "refused", null, "unknown, used or expired link", null, null);
                ctx.redirect("/login.html?expired=1");
                return;
            }
            start(ctx, state, gate, user.get());
            audit.record(ctx, user.get().name(), "sign_in_link", "ok", null, null, null, null);
            ctx.redirect(home(user.get()));
        };
    }

    static Map<String, Object> me(Viewer v, String csrf, Warehouse w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.user().name());
        m.put("role", v.user().role().id());
        m.put("role_name", v.user().role().label());
        m.put("scope", v.scope().code());
        m.put("scope_name", v.scope().national() ? "全国" : w.region(v.scope().code()).map(r -> r.name()).orElse(v.scope().code()));
        m.put("csrf_token", csrf);
        m.put("authorities", v.user().role().authorities().stream().map(a -> a.name().toLowerCase(java.util.Locale.ROOT)).toList());
        m.put("open_levels", v.openLevels().stream().map(l -> l.id()).sorted().toList());
        return m;
    }

    private static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }
}
