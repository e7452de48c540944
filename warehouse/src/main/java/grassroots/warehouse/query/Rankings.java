package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.Analyses.Distribution;
import grassroots.warehouse.query.Analyses.RankedValue;
import grassroots.warehouse.query.Analyses.TrendValue;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.store.Duck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where a region stands among others: its rank among its siblings, and the spread of a region's children. */
final class Rankings {
    private static final String RANKING = Sql.load("ranking");
    private static final String DISTRIBUTION = Sql.load("distribution");

    private final Sql sql;
    private final Values values;
    private final Trends trends;

    Rankings(Sql sql, Values values, Trends trends) {
        this.sql = sql;
        this.values = values;
        this.trends = trends;
    }

    /** Regions of a level ranked among their siblings, with the parent's value for reference. */
    List<RankedValue> ranking(Indicator ind, Level level, int year, String parent, Boundaries boundaries) {
        List<Object> params = new ArrayList<>(List.of(ind.id(), level.id(), year));
        if (parent != null) params.add(parent);
        List<RankedValue> out = new ArrayList<>();
        sql.query(Sql.fill(RANKING, Map.of("indicator_value", Duck.qualified("r", IndicatorValue.COLUMNS),
                        "boundaries", boundaries.sql("boundaries"), "parent_boundaries", boundaries.sql("p.boundaries"),
                        "parent", Sql.underParentIfAny(parent), "order", Sql.bestFirst(ind))),
                params, rs -> out.add(new RankedValue(IndicatorValue.read(rs, 1), Sql.nullableInt(rs, 11), rs.getLong(12),
                        (Double) rs.getObject(13), rs.getString(14), rs.getString(15), (Double) rs.getObject(16))));
        return out;
    }

    /** The spread of a region's children (or its descendants at {@code level}, when given) on today's boundaries. */
    Distribution distribution(Indicator ind, String regionCode, int year, Level level) {
        Level regionLevel = Level.ofCode(regionCode);
        Level childLevel = level != null ? level : Level.values()[regionLevel.ordinal() + 1];
        if (childLevel.ordinal() <= regionLevel.ordinal() || childLevel == Level.UNIT) {
            throw new Unanswerable(childLevel.label().zh() + "不在" + regionLevel.label().zh() + "之下",
                    "level " + childLevel.id() + " is not below " + regionLevel.id());
        }
        List<TrendValue> own = trends.trend(ind.id(), regionCode, year, year, Boundaries.CURRENT);
        if (own.isEmpty()) throw new Unanswerable(regionCode + "在" + year + "年没有" + ind.id() + "的数据",
                "no value of " + ind.id() + " for " + regionCode + " in " + year);
        List<IndicatorValue> children = values.values(ind, childLevel, year, regionCode, Boundaries.CURRENT);
        double[] stats = new double[5];
        long[] count = new long[1];
        sql.query(Sql.fill(DISTRIBUTION, Map.of("boundaries", Boundaries.CURRENT.sql("boundaries"),
                        "parent", Sql.underParent(regionCode, ""))),
                List.of(ind.id(), childLevel.id(), year, regionCode), rs -> {
                    count[0] = rs.getLong(1);
                    for (int i = 0; i < 5; i++) stats[i] = rs.getDouble(i + 2);
                });
        boolean any = count[0] > 0;
        return new Distribution(own.get(0).value(), childLevel.id(), count[0], any ? stats[0] : null, any ? stats[1] : null,
                any ? stats[2] : null, any ? stats[3] : null, any ? stats[4] : null, children);
    }
}
