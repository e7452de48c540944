package grassroots.dashboard;

import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;

/**
 * Region parameters, checked against what the viewer may see before anything is read: a region must exist and be
 * visible (inside the scope, or at a level open to every signed-in user); a list of regions at a level that is not
 * open is confined to the scope.
 */
final class RegionParams {
    private RegionParams() {}

    /** A required region the viewer may see. */
    static String region(Context ctx, Warehouse w, String param) {
        String code = require(w, required(ctx, param)).code();
        Viewer.of(ctx).requireView(code);
        return code;
    }

    /** An optional region the viewer may see, or null. */
    static String optionalRegion(Context ctx, Warehouse w, String param) {
        String code = ctx.queryParamAsClass(param, String.class).getOrNull();
        if (code == null) return null;
        String found = require(w, code).code();
        Viewer.of(ctx).requireView(found);
        return found;
    }

    /**
     * The parent under which regions of {@code level} are listed. At an open level any visible parent; at a closed one
     * the rows must lie inside the scope: no parent, or an ancestor of the scope, narrows to the scope itself, and a
     * parent elsewhere is refused.
     */
    static String listParent(Context ctx, Warehouse w, Level level, String param) {
        Viewer v = Viewer.of(ctx);
        String parent = optionalRegion(ctx, w, param);
        if (v.scope().national() || (level != null && v.isOpen(level))) return parent;
        if (parent == null || v.scope().isUnder(parent)) return v.scope().code();
        v.requireInside(parent);
        return parent;
    }

    /** A parent for unit-level rows (quarantine, warnings): inside the scope, the scope itself when none is given. */
    static String insideParent(Context ctx, Warehouse w, String param) {
        Viewer v = Viewer.of(ctx);
        String code = ctx.queryParamAsClass(param, String.class).getOrNull();
        if (code == null) return v.scope().national() ? null : v.scope().code();
        String found = require(w, code).code();
        if (v.scope().isUnder(found)) return v.scope().code();
        v.requireInside(found);
        return found;
    }

    static RegionInfo require(Warehouse w, String code) {
        return w.region(code).orElseThrow(() -> ApiError.notFound("未知的区划代码：" + code, "unknown region code: " + code));
    }

    static String required(Context ctx, String name) {
        return QueryParams.required(ctx, name);
    }
}
