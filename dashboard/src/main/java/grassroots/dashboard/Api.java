package grassroots.dashboard;

import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import grassroots.dashboard.access.Viewer;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON API's handlers: each a plain function of the request and the warehouse snapshot it was given.
 * Tabular answers also come as downloads with {@code format=csv} or {@code format=xlsx}.
 */
final class Api {
    private Api() {}

    static void health(Context ctx, Warehouse w) {
        ctx.json(Map.of("status", "ok", "snapshot", w.snapshot().id(), "years", w.years()));
    }

    static void values(Context ctx, Warehouse w) throws IOException {
        String indicator = indicator(ctx, w);
        Level level = QueryParams.level(ctx);
        int year = year(ctx, w);
        String parent = RegionParams.listParent(ctx, w, level, "parent");
        send(ctx, indicator + "_" + level.id() + "_" + year, w.values(indicator, level, year, parent, QueryParams.boundaries(ctx)));
    }

    static void trend(Context ctx, Warehouse w) throws IOException {
        String indicator = indicator(ctx, w);
        String region = region(ctx, w, "region");
        List<Integer> years = w.years();
        int from = QueryParams.integer(ctx, "from", years.isEmpty() ? 0 : years.get(0));
        int to = QueryParams.integer(ctx, "to", years.isEmpty() ? 0 : years.get(years.size() - 1));
        send(ctx, indicator + "_" + region + "_trend", w.trend(indicator, region, from, to, QueryParams.boundaries(ctx)));
    }

    static void ranking(Context ctx, Warehouse w) throws IOException {
        String indicator = indicator(ctx, w);
        Level level = QueryParams.level(ctx);
        int year = year(ctx, w);
        String parent = RegionParams.listParent(ctx, w, level, "parent");
        send(ctx, indicator + "_" + level.id() + "_" + year + "_ranking", w.ranking(indicator, level, year, parent, QueryParams.boundaries(ctx)));
    }

    static void distribution(Context ctx, Warehouse w) {
        String indicator = indicator(ctx, w);
        String region = region(ctx, w, "region");
        int year = year(ctx, w);
        Level of = QueryParams.optionalLevel(ctx);
        // the children (or descendants at `level`) are listed: at a closed level only inside the scope
        Level listed = of != null ? of : Level.values()[Math.min(Level.ofCode(region).ordinal() + 1, Level.TOWNSHIP.ordinal())];
        Viewer v = Viewer.of(ctx);
        if (!v.isOpen(listed)) v.requireInside(region);
        ctx.json(w.distribution(indicator, region, year, of));
    }

    static void peers(Context ctx, Warehouse w) {
        String indicator = indicator(ctx, w);
        String region = region(ctx, w, "region");
        int year = year(ctx, w);
        int n = ctx.queryParamAsClass("n", Integer.class)
                .check(k -> k == null || k >= 1 && k <= 50, QueryParams.error("n 应在1到50之间", "n must be between 1 and 50", false))
                .getOrDefault(5);
        var group = w.peers(indicator, region, year, n);
        Viewer v = Viewer.of(ctx);
        var visible = group.peers().stream().filter(p -> v.mayView(p.value().regionCode())).toList();
        // a median or rank over regions the viewer may not see would tell of them: dropped with them
        ctx.json(visible.size() == group.peers().size() ? group
                : new grassroots.warehouse.query.Analyses.PeerGroup(group.region(), visible, null, null, visible.size()));
    }

    static void targets(Context ctx, Warehouse w) {
        ctx.json(w.targets(indicator(ctx, w), region(ctx, w, "region")));
    }

    static void correlation(Context ctx, Warehouse w) throws IOException {
        String x = indicator(ctx, w, "x"), y = indicator(ctx, w, "y");
        Level level = QueryParams.level(ctx);
        int year = year(ctx, w);
        var result = w.correlation(x, y, level, year, RegionParams.listParent(ctx, w, level, "parent"));
        Tables.Format format = QueryParams.format(ctx);
        if (format == Tables.Format.JSON) ctx.json(result);
        else Tables.send(ctx, format, x + "_vs_" + y + "_" + level.id() + "_" + year, result.points());
    }

    static void regions(Context ctx, Warehouse w) {
        Viewer v = Viewer.of(ctx);
        ctx.json(w.children(region(ctx, w, "parent")).stream().filter(r -> v.mayView(r.code())).toList());
    }

    static void region(Context ctx, Warehouse w) {
        RegionInfo r = RegionParams.require(w, ctx.pathParam("code"));
        Viewer.of(ctx).requireView(r.code());
        ctx.json(describe(w, r));
    }

    /** A region as /api/regions/CODE shows it: code, names, level, parent and ancestors (nation first). */
    static Map<String, Object> describe(Warehouse w, RegionInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code());
        m.put("name", r.name());
        m.put("short_name", r.shortName());
        m.put("level", r.level());
        m.put("parent_code", r.parentCode());
        m.put("ancestors", w.ancestors(r.code()));
        return m;
    }

    static void completeness(Context ctx, Warehouse w) throws IOException {
        String form = ctx.queryParamAsClass("form", String.class).getOrDefault("JC-1");
        if (w.catalog().forms().stream().noneMatch(f -> f.id().equals(form))) {
            throw ApiError.notFound("未知的报表：" + form, "unknown form: " + form);
        }
        Level level = QueryParams.level(ctx);
        Integer y = QueryParams.optionalInteger(ctx, "year");
        send(ctx, form + "_completeness_" + level.id(), w.completeness(form, level, y, RegionParams.listParent(ctx, w, level, "parent")));
    }

    /** Values flagged as unusual by the ETL's quality checks (robust z-scores), largest first. */
    static void outliers(Context ctx, Warehouse w) throws IOException {
        String indicator = ctx.queryParamAsClass("indicator", String.class).getOrNull() == null ? null : indicator(ctx, w);
        Level l = QueryParams.optionalLevel(ctx);
        Integer year = QueryParams.optionalInteger(ctx, "year") == null ? null : year(ctx, w);
        send(ctx, "outliers", w.outliers(indicator, l, year, RegionParams.listParent(ctx, w, l, "parent"), 1000));
    }

    static void quarantine(Context ctx, Warehouse w) {
        ctx.json(w.quarantine(RegionParams.insideParent(ctx, w, "parent"), 200));
    }

    static void sqlExamples(Context ctx, Warehouse w) {
        ctx.json(SqlExamples.ALL);
    }

    // ---- parameters -------------------------------------------------------------------------------------------

    private static void send(Context ctx, String name, Object rows) throws IOException {
        Tables.send(ctx, QueryParams.format(ctx), name, rows);
    }

    private static String indicator(Context ctx, Warehouse w) {
        return indicator(ctx, w, "indicator");
    }

    private static String indicator(Context ctx, Warehouse w, String param) {
        String id = QueryParams.required(ctx, param);
        if (w.catalog().indicator(id).isEmpty()) throw ApiError.notFound("未知的指标：" + id, "unknown indicator: " + id);
        return id;
    }

    private static String region(Context ctx, Warehouse w, String param) {
        return RegionParams.region(ctx, w, param);
    }

    /** A year the snapshot has data for. */
    private static int year(Context ctx, Warehouse w) {
        int year = QueryParams.integer(ctx, "year", null);
        List<Integer> years = w.years();
        if (!years.contains(year)) {
            String range = years.isEmpty() ? "—" : years.get(0) + "–" + years.get(years.size() - 1);
            throw ApiError.notFound("没有" + year + "年的数据（数据年份：" + range + "）",
                    "no data for " + year + " (years with data: " + range + ")");
        }
        return year;
    }
}
