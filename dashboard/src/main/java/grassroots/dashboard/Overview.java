package grassroots.dashboard;

import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.query.IndicatorValue;
import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/overview?region=CODE[&year=Y][&children=true]}: everything the overview and the cockpit draw for one
 * region in one answer, so that a page needs one request instead of two per indicator: the region with its ancestors,
 * the provinces (the scope choices), and per indicator its yearly values, its plan targets with their status, and with
 * {@code children=true} the values of the region's children in {@code year} (default the latest). The values come
 * from two queries over the marts (all indicators at once); the targets from {@link Warehouse#targets}. A viewer with a
 * region scope sees the region only if it may (as /api/regions/CODE), and only the children and provinces it may see.
 */
final class Overview {
    private Overview() {}

    static void handle(Context ctx, Warehouse w) {
        RegionInfo region = RegionParams.require(w, ctx.queryParamAsClass("region", String.class).getOrDefault(Level.NATION_CODE));
        Viewer viewer = Viewer.of(ctx);
        viewer.requireView(region.code());
        List<Integer> years = w.years();
        int year = year(ctx, years);
        String childrenParam = ctx.queryParamAsClass("children", String.class).getOrDefault("false");
        boolean withChildren = childrenParam.equalsIgnoreCase("true") || childrenParam.equals("1");

        Map<String, List<grassroots.warehouse.query.Analyses.TrendValue>> trends = w.trends(region.code(), Boundaries.CURRENT);
        Map<String, List<IndicatorValue>> children = withChildren ? w.childValues(region.code(), year, Boundaries.CURRENT) : Map.of();
        List<Map<String, Object>> indicators = new ArrayList<>();
        for (Indicator indicator : w.catalog().indicators()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", indicator.id());
            m.put("trend", trends.getOrDefault(indicator.id(), List.of()));
            m.put("targets", indicator.targets().isEmpty() ? List.of() : w.targets(indicator.id(), region.code()));
            if (withChildren) m.put("children", children.getOrDefault(indicator.id(), List.of()).stream()
                    .filter(row -> viewer.mayView(row.regionCode())).toList());
            indicators.add(m);
        }

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("snapshot", w.snapshot().id());
        answer.put("year", year);
        answer.put("region", Api.describe(w, region));
        answer.put("provinces", w.children(Level.NATION_CODE).stream().filter(p -> viewer.mayView(p.code())).toList());
        if (withChildren) answer.put("children", w.children(region.code()).stream().filter(c -> viewer.mayView(c.code())).toList());
        answer.put("indicators", indicators);
        ctx.json(answer);
    }

    private static int year(Context ctx, List<Integer> years) {
        int latest = years.isEmpty() ? 0 : years.get(years.size() - 1);
        int year = QueryParams.integer(ctx, "year", latest);
        if (year != latest && !years.contains(year)) throw ApiError.notFound("没有" + year + "年的数据", "no data for " + year);
        return year;
    }
}
