package grassroots.dashboard.access;

import grassroots.access.AccessState;
import grassroots.access.Authority;
import grassroots.access.Scope;
import grassroots.access.Secrets;
import grassroots.access.User;
import grassroots.dashboard.ApiError;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import io.javalin.security.RouteRole;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Decides who asks (a session cookie or a bearer token) before anything is read, then whether the matched route is
 * theirs to use: its declared {@link Need}, downloads, and the CSRF token of cookie-borne state changes. A route
 * that declares nothing is refused (fail closed).
 */
public final class Gate {
    public static final String SESSION_COOKIE = "grassroots_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private final AccessState state;
    private final Set<Level> openLevels;

    public Gate(AccessState state, Set<Level> openLevels) {
        this.state = state;
        this.openLevels = Set.copyOf(openLevels);
    }

    public Set<Level> openLevels() { return openLevels; }

    /** Every request: who is asking, if anyone (read from the shared state database, so changes apply at once). */
    public void identify(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            User user = state.tokens.authenticate(auth.substring(7).strip()).orElseThrow(() ->
                    new ApiError(401, grassroots.warehouse.Text.of("API令牌无效、已吊销或其用户已停用", "the API token is not valid, revoked, or its user is disabled")));
            viewer(user, null).attach(ctx);
            return;
        }
        String cookie = ctx.cookie(SESSION_COOKIE);
        if (cookie != null) state.sessions.find(cookie).ifPresent(s -> viewer(s.user(), s.csrfToken()).attach(ctx));
    }

    public Viewer viewer(User user, String csrfToken) {
        return new Viewer(user, Scope.of(user.scope()), openLevels, csrfToken);
    }

    /** Every matched route: its access rule. */
    public void check(Context ctx) {
        Set<RouteRole> needs = ctx.routeRoles();
        if (needs.contains(Need.PUBLIC)) return;
        // static files (scripts, styles, the sign-in page) hold no data and declare nothing; the page itself needs a user
        if (needs.isEmpty() && !ctx.path().startsWith("/api/") && !isDashboardPage(ctx.path())) return;
        Viewer viewer = Viewer.orNull(ctx);
        if (viewer == null) {
            if (ctx.path().startsWith("/api/")) throw ApiError.unauthorized();
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login.html?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
            return;
        }
        if (needs.isEmpty() && !isDashboardPage(ctx.path())) {
            throw ApiError.forbidden("该接口未声明访问规则", "this route declares no access rule");
        }
        for (RouteRole r : needs) {
            Authority a = ((Need) r).authority();
            if (a != null && !viewer.may(a)) throw missing(viewer, a);
        }
        String format = ctx.queryParam("format");
        if (format != null && (format.equalsIgnoreCase("csv") || format.equalsIgnoreCase("xlsx")) && !needs.contains(Need.RETURNS_FILE)) {
            requireDownload(viewer);
        }
        if (changesState(ctx) && viewer.csrfToken() != null && !Secrets.same(ctx.header(CSRF_HEADER), viewer.csrfToken())) {
            throw ApiError.forbidden("缺少或错误的 " + CSRF_HEADER + " 请求头(见 GET /api/me 的 csrf_token)",
                    "missing or wrong " + CSRF_HEADER + " header (see csrf_token in GET /api/me)");
        }
    }

    private static boolean isDashboardPage(String path) {
        return path.equals("/") || path.equals("/index.html");
    }

    public static void requireDownload(Viewer viewer) {
        if (!viewer.may(Authority.DOWNLOAD)) throw missing(viewer, Authority.DOWNLOAD);
    }

    static ApiError missing(Viewer viewer, Authority a) {
        return ApiError.forbidden("无权" + a.label().zh() + "(角色：" + viewer.user().role().label().zh() + ")",
                "not allowed to " + a.label().en() + " (role: " + viewer.user().role().id() + ")");
    }

    private static boolean changesState(Context ctx) {
        HandlerType m = ctx.method();
        return m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    }

    /** The session cookie: HttpOnly, SameSite=Strict, Secure when the request came over TLS. */
    public static void setSessionCookie(Context ctx, String id) {
        Cookie c = new Cookie(SESSION_COOKIE, id);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        c.setSecure(WebSecurity.overTls(ctx));
        ctx.cookie(c);
    }

    public static void clearSessionCookie(Context ctx) {
        Cookie c = new Cookie(SESSION_COOKIE, "");
        c.setPath("/");
        c.setMaxAge(0);
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        c.setSecure(WebSecurity.overTls(ctx));
        ctx.cookie(c);
    }
}
