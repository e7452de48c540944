package grassroots.dashboard.access;

import grassroots.access.Authority;
import grassroots.access.Scope;
import grassroots.access.User;
import grassroots.dashboard.ApiError;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;

import java.util.Set;

/**
 * Who asks, and what they may see: the signed-in user, their region scope and the levels open to every signed-in user.
 * Set on the request by {@link Gate} before any handler runs; handlers ask it before they read.
 *
 * @param csrfToken the session's token, or null when the request came with a bearer token (which needs none)
 */
public record Viewer(User user, Scope scope, Set<Level> openLevels, String csrfToken) {
    private static final String KEY = "grassroots.viewer";

    public static Viewer of(Context ctx) {
        Viewer v = ctx.attribute(KEY);
        if (v == null) throw ApiError.unauthorized(); // a route without a gate: refuse rather than answer
        return v;
    }

    public static Viewer orNull(Context ctx) {
        return ctx.attribute(KEY);
    }

    void attach(Context ctx) {
        ctx.attribute(KEY, this);
    }

    public boolean may(Authority a) {
        return user.may(a);
    }

    /** An aggregated value of the region may be shown: inside the scope or at an open level. */
    public boolean mayView(String regionCode) {
        return scope.mayView(regionCode, openLevels);
    }

    public boolean isOpen(Level level) {
        return scope.national() || openLevels.contains(level);
    }

    /** A key for answers that depend on what the viewer may see (the response cache keys by it). */
    public String visibilityKey() {
        return scope.code();
    }

    /** Refuses, saying which region, when the region's aggregated values may not be shown. */
    public void requireView(String regionCode) {
        if (!mayView(regionCode)) throw ApiError.forbidden("无权查看该地区：" + regionCode + "（您的范围：" + scope.code() + "）",
                "you may not view region " + regionCode + " (your scope: " + scope.code() + ")");
    }

    /** Refuses unless the region lies inside the scope (for unit-level rows). */
    public void requireInside(String regionCode) {
        if (!scope.contains(regionCode)) throw ApiError.forbidden("该地区不在您的范围内：" + regionCode + "（您的范围：" + scope.code() + "）",
                "region " + regionCode + " is outside your scope (" + scope.code() + ")");
    }
}
