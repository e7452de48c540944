package grassroots.dashboard;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON API's handlers: each a plain function of the request and the warehouse. */
final class Api {
    private final Warehouse warehouse;

    Api(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    void health(Context ctx) {
        ctx.json(Map.of("status", "ok", "snapshot", warehouse.snapshot().id(), "years", warehouse.years()));
    }

    void meta(Context ctx) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("snapshot", warehouse.snapshot().id());
        meta.put("years", warehouse.years());
        meta.put("levels", Level.AGGREGATE_LEVELS.stream().map(Level::id).toList());
        meta.put("plans", warehouse.catalog().plans());
        ctx.json(meta);
    }

    void indicators(Context ctx) {
        Catalog catalog = warehouse.catalog();
        ctx.json(catalog.indicators().stream().map(i -> describe(catalog, i)).toList());
    }

    /** An indicator as the API shows it: its declaration with the cited sources spelled out. */
    static Map<String, Object> describe(Catalog catalog, Indicator i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("definition", i.definition());
        m.put("form", i.form());
        m.put("population", i.population());
        m.put("counted", catalog.countedUnits(i));
        m.put("filter", i.filter());
        m.put("numerator", i.numerator());
        m.put("denominator", i.denominator());
        m.put("factor", i.factor());
        m.put("unit", i.unit());
        m.put("decimals", i.decimals());
        m.put("direction", i.direction());
        m.put("targets", i.targets());
        m.put("sources", i.sources().stream().map(s -> catalog.source(s).orElseThrow()).toList());
        return m;
    }

    void values(Context ctx) {
        String indicator = indicatorParam(ctx);
        Level level = levelParam(ctx);
        int year = intParam(ctx, "year", null);
        String parent = ctx.queryParam("parent");
        if (parent != null && !parent.isBlank()) requireRegion(parent);
        ctx.json(warehouse.values(indicator, level, year, parent == null || parent.isBlank() ? null : parent));
    }

    void trend(Context ctx) {
        String indicator = indicatorParam(ctx);
        String region = required(ctx, "region");
        requireRegion(region);
        List<Integer> years = warehouse.years();
        int from = intParam(ctx, "from", years.isEmpty() ? 0 : years.get(0));
        int to = intParam(ctx, "to", years.isEmpty() ? 0 : years.get(years.size() - 1));
        ctx.json(warehouse.trend(indicator, region, from, to));
    }

    void region(Context ctx) {
        RegionInfo r = requireRegion(ctx.pathParam("code"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", r.code());
        m.put("name", r.name());
        m.put("short_name", r.shortName());
        m.put("level", r.level());
        m.put("parent_code", r.parentCode());
        m.put("ancestors", warehouse.ancestors(r.code()));
        ctx.json(m);
    }

    private RegionInfo requireRegion(String code) {
        return warehouse.region(code).orElseThrow(() -> ApiError.notFound(
                "未知的区划代码：" + code, "unknown region code: " + code));
    }

    private String indicatorParam(Context ctx) {
        String id = required(ctx, "indicator");
        if (warehouse.catalog().indicator(id).isEmpty()) {
            throw ApiError.notFound("未知的指标：" + id, "unknown indicator: " + id);
        }
        return id;
    }

    private static Level levelParam(Context ctx) {
        String id = required(ctx, "level");
        return Level.AGGREGATE_LEVELS.stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow(() ->
                ApiError.badRequest("level 应为 nation、province、prefecture、county 或 township：" + id,
                        "level must be nation, province, prefecture, county or township, not " + id));
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) throw ApiError.badRequest("缺少参数 " + name, "missing parameter " + name);
        return v.strip();
    }

    private static int intParam(Context ctx, String name, Integer fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            if (fallback == null) throw ApiError.badRequest("缺少参数 " + name, "missing parameter " + name);
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("参数 " + name + " 应为整数：" + v, "parameter " + name + " must be a whole number, not " + v);
        }
    }
}
