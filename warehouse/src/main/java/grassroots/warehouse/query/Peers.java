package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.Analyses.PeerGroup;
import grassroots.warehouse.query.Analyses.PeerValue;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.store.Duck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The regions most like a region, and how it compares with them. */
final class Peers {
    private static final String PEERS = Sql.load("peers");

    private final Sql sql;

    Peers(Sql sql) {
        this.sql = sql;
    }

    /**
     * The {@code n} regions of the same level most like {@code regionCode} in size (log population) and urban share,
     * standardised across all regions of that level and year, and how the region compares with them.
     */
    PeerGroup peers(Indicator ind, String regionCode, int year, int n) {
        Level level = Level.ofCode(regionCode);
        if (level == Level.NATION) throw new Unanswerable("全国没有同级可比地区", "the nation has no peers");
        List<PeerValue> group = new ArrayList<>();
        sql.query(Sql.fill(PEERS, Map.of("indicator_value", Duck.qualified("v", IndicatorValue.COLUMNS),
                        "boundaries", Boundaries.CURRENT.sql("v.boundaries"))),
                List.of(level.id(), year, regionCode, n + 1, ind.id(), year),
                rs -> group.add(new PeerValue(IndicatorValue.read(rs, 1), (Double) rs.getObject(11),
                        (Double) rs.getObject(12), (Double) rs.getObject(13))));
        PeerValue self = group.stream().filter(p -> p.value().regionCode().equals(regionCode)).findFirst()
                .orElseThrow(() -> new Unanswerable(regionCode + "在" + year + "年没有人口数据",
                        "no population data for " + regionCode + " in " + year));
        List<PeerValue> peers = group.stream().filter(p -> p != self).toList();
        List<Double> peerValues = peers.stream().map(p -> p.value().value()).filter(Objects::nonNull).sorted().toList();
        Double median = peerValues.isEmpty() ? null : peerValues.size() % 2 == 1 ? peerValues.get(peerValues.size() / 2)
                : (peerValues.get(peerValues.size() / 2 - 1) + peerValues.get(peerValues.size() / 2)) / 2;
        Integer rank = null;
        Double own = self.value().value();
        if (own != null) {
            boolean higherBetter = ind.direction().higherIsBetter();
            rank = 1 + (int) peerValues.stream().filter(v -> higherBetter ? v > own : v < own).count();
        }
        return new PeerGroup(self, peers, median, rank, 1 + peers.size());
    }
}
