package grassroots.dashboard.report;

import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.PlanPeriod;
import grassroots.warehouse.catalog.Source;
import grassroots.warehouse.query.Analyses.RankedValue;
import grassroots.warehouse.query.Analyses.TargetStatus;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.query.IndicatorValue;
import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything a five-year review report of one region shows, gathered from one snapshot through the same queries the
 * API answers with (so the report's numbers are the API's): per indicator, the region's series, its values at the
 * start and end of the plan, the plan targets in force and their status, its rank among its siblings and its children
 * ranked at the end of the plan.
 */
public record ReportData(RegionInfo region, List<RegionInfo> ancestors, PlanPeriod plan, int baseYear, String snapshot,
                         LocalDate generated, List<Section> sections) {

    /** One indicator's part of the report. */
    public record Section(Indicator indicator, List<Source> sources, List<IndicatorValue> series, IndicatorValue start,
                          IndicatorValue end, List<TargetStatus> targets, RankedValue rank, String childLevel,
                          List<IndicatorValue> children, int yearsWithData) {

        /** The region's values within the plan period (and its base year), oldest first. */
        public List<IndicatorValue> inPlan(PlanPeriod plan, int baseYear) {
            return series.stream().filter(v -> v.year() >= baseYear && v.year() <= plan.to()).toList();
        }
    }

    /** The years of a plan period. */
    public int planYears() {
        return plan.to() - plan.from() + 1;
    }

    /** The region's name as the report calls it (the nation is 全国). */
    public String regionName() {
        return Level.NATION_CODE.equals(region.code()) ? "全国" : region.name();
    }

    /** Gathers the report of {@code region} over {@code plan} from the snapshot. */
    public static ReportData gather(Warehouse w, RegionInfo region, PlanPeriod plan) {
        // 基期: the year before the plan starts, as five-year reviews measure change (the overview does the same)
        int baseYear = plan.from() - 1;
        Level level = Level.ofId(region.level());
        Level childLevel = Level.AGGREGATE_LEVELS.indexOf(level) + 1 < Level.AGGREGATE_LEVELS.size()
                ? Level.AGGREGATE_LEVELS.get(Level.AGGREGATE_LEVELS.indexOf(level) + 1) : null;
        List<Section> sections = new ArrayList<>();
        for (Indicator ind : w.catalog().indicators()) {
            List<IndicatorValue> series = w.trend(ind.id(), region.code(), 0, 9999).stream()
                    .map(t -> t.value()).filter(v -> v.value() != null).toList();
            List<IndicatorValue> window = series.stream().filter(v -> v.year() >= baseYear && v.year() <= plan.to()).toList();
            IndicatorValue start = window.isEmpty() ? null : window.get(0);
            IndicatorValue end = window.isEmpty() ? null : window.get(window.size() - 1);
            int yearsWithData = (int) window.stream().filter(v -> v.year() >= plan.from()).count();
            List<TargetStatus> targets = w.targets(ind.id(), region.code()).stream()
                    .filter(t -> t.year() >= plan.from() && t.year() <= plan.to()).toList();
            RankedValue rank = null;
            List<IndicatorValue> children = List.of();
            if (end != null) {
                if (region.parentCode() != null) {
                    rank = w.ranking(ind.id(), level, end.year(), region.parentCode(), Boundaries.CURRENT).stream()
                            .filter(r -> r.value().regionCode().equals(region.code())).findFirst().orElse(null);
                }
                if (childLevel != null) children = ranked(ind, w.values(ind.id(), childLevel, end.year(), region.code()));
            }
            List<Source> sources = ind.sources().stream().map(s -> w.catalog().source(s).orElseThrow()).toList();
            sections.add(new Section(ind, sources, series, start, end, targets, rank,
                    childLevel == null ? null : childLevel.id(), children, yearsWithData));
        }
        return new ReportData(region, w.ancestors(region.code()), plan, baseYear, w.snapshot().id(), LocalDate.now(), sections);
    }

    /** Children with a value, best first in the indicator's direction, then by code. */
    private static List<IndicatorValue> ranked(Indicator ind, List<IndicatorValue> values) {
        Comparator<IndicatorValue> byValue = Comparator.comparingDouble(IndicatorValue::value);
        if (ind.direction().higherIsBetter()) byValue = byValue.reversed();
        return values.stream().filter(v -> v.value() != null).sorted(byValue.thenComparing(IndicatorValue::regionCode)).toList();
    }
}
