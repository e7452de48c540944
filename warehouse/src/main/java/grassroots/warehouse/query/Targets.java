package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.Target;
import grassroots.warehouse.query.Analyses.TargetStatus;
import grassroots.warehouse.query.Analyses.TrendValue;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.targets.TargetAssessment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An indicator's plan targets for a region — its own and its ancestors' (a national plan applies to every province) —
 * each judged on the region's series by {@link TargetAssessment}. Reads nothing: it is given the series.
 */
final class Targets {
    private Targets() {}

    /** How the indicator's targets are judged: its direction, published precision, and whether it is a share of units. */
    static TargetAssessment assessment(Indicator ind) {
        return new TargetAssessment(ind.direction().higherIsBetter(), ind.decimals(), ind.share());
    }

    /** The targets of {@code ind} that apply to {@code regionCode} (under {@code ancestors}), judged on its {@code series}. */
    static List<TargetStatus> judge(Indicator ind, String regionCode, List<RegionInfo> ancestors, List<TrendValue> series) {
        Set<String> scopes = new HashSet<>(List.of(regionCode, Level.NATION_CODE));
        ancestors.forEach(a -> scopes.add(a.code()));
        List<TargetAssessment.Point> points = series.stream()
                .filter(v -> v.value().value() != null)
                .map(v -> new TargetAssessment.Point(v.value().year(), v.value().value())).toList();
        TargetAssessment judge = assessment(ind);
        List<TargetStatus> out = new ArrayList<>();
        for (Target t : ind.targets()) {
            if (!scopes.contains(t.scope())) continue;
            TargetAssessment.Result r = judge.assess(points, t.year(), t.value(), t.basicallyAchieved());
            Boolean met = r.status().equals("no_data") || r.status().equals("no_trend") ? null
                    : r.status().equals("achieved") || r.status().equals("on_track");
            out.add(new TargetStatus(t.plan(), t.scope(), !t.scope().equals(regionCode), t.year(), t.value(),
                    t.basicallyAchieved(), t.source(), t.note(), r.latestYear(), r.latestValue(), r.gap(),
                    r.projectedValue(), met, r.reachesIn(), r.status(), r.method(), judge.rule(t.basicallyAchieved())));
        }
        return out;
    }
}
