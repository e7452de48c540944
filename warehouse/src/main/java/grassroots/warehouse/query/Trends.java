package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.Analyses.TrendValue;
import grassroots.warehouse.regions.Level;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a region's values move from year to year. */
final class Trends {
    private static final String TREND = Sql.load("trend");
    private static final String TRENDS = Sql.load("trends");

    private final Sql sql;
    private final Catalog catalog;

    Trends(Sql sql, Catalog catalog) {
        this.sql = sql;
        this.catalog = catalog;
    }

    /** The yearly values of an indicator for one region from {@code from} to {@code to}, oldest first, each with its change from the year before. */
    List<TrendValue> trend(String indicator, String regionCode, int from, int to, Boundaries boundaries) {
        List<TrendValue> out = new ArrayList<>();
        sql.query(Sql.fill(TREND, Map.of("indicator_value", IndicatorValue.COLUMNS, "boundaries", boundaries.sql("boundaries"))),
                List.of(indicator, Level.ofCode(regionCode).id(), regionCode, from, to),
                rs -> out.add(new TrendValue(IndicatorValue.read(rs, 1), (Double) rs.getObject(11))));
        return out;
    }

    /**
     * Every indicator's yearly values for one region in one query (the overview's cards), oldest first per indicator,
     * each with its change from the year before; keyed by indicator id in the catalog's order.
     */
    Map<String, List<TrendValue>> trends(String regionCode, Boundaries boundaries) {
        Map<String, List<TrendValue>> out = new LinkedHashMap<>();
        catalog.indicators().forEach(i -> out.put(i.id(), new ArrayList<>()));
        sql.query(Sql.fill(TRENDS, Map.of("indicator_value", IndicatorValue.COLUMNS, "boundaries", boundaries.sql("boundaries"))),
                List.of(Level.ofCode(regionCode).id(), regionCode), rs -> {
                    List<TrendValue> rows = out.get(rs.getString(1));
                    if (rows != null) rows.add(new TrendValue(IndicatorValue.read(rs, 2), (Double) rs.getObject(12)));
                });
        return out;
    }
}
