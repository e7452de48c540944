package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.regions.Level;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an indicator's value is for the regions of a level in one year. */
final class Values {
    private static final String VALUES = Sql.load("values");
    private static final String CHILD_VALUES = Sql.load("child_values");

    private final Sql sql;
    private final Catalog catalog;

    Values(Sql sql, Catalog catalog) {
        this.sql = sql;
        this.catalog = catalog;
    }

    /** The values for every region of {@code level} in {@code year}, under {@code parent} (any ancestor, or null for all), best first. */
    List<IndicatorValue> values(Indicator ind, Level level, int year, String parent, Boundaries boundaries) {
        List<Object> params = new ArrayList<>(List.of(ind.id(), level.id(), year));
        if (parent != null) params.add(parent);
        List<IndicatorValue> out = new ArrayList<>();
        sql.query(Sql.fill(VALUES, Map.of("indicator_value", IndicatorValue.COLUMNS,
                        "boundaries", boundaries.sql("boundaries"),
                        "parent", Sql.underParentIfAny(parent), "order", Sql.bestFirst(ind))),
                params, rs -> out.add(IndicatorValue.read(rs, 1)));
        return out;
    }

    /**
     * Every indicator's values for the children of a region in one year, in one query (the cockpit's map and its
     * leading and lagging children); keyed by indicator id in the catalog's order, rows in region code order.
     */
    Map<String, List<IndicatorValue>> childValues(String regionCode, int year, Boundaries boundaries) {
        Map<String, List<IndicatorValue>> out = new LinkedHashMap<>();
        catalog.indicators().forEach(i -> out.put(i.id(), new ArrayList<>()));
        Level level = Level.ofCode(regionCode);
        if (level.ordinal() + 1 >= Level.values().length) return out;
        Level below = Level.values()[level.ordinal() + 1];
        if (!Level.AGGREGATE_LEVELS.contains(below)) return out;
        sql.query(Sql.fill(CHILD_VALUES, Map.of("indicator_value", IndicatorValue.COLUMNS,
                        "boundaries", boundaries.sql("boundaries"), "parent", Sql.underParent(regionCode, ""))),
                List.of(below.id(), year, regionCode), rs -> {
                    List<IndicatorValue> rows = out.get(rs.getString(1));
                    if (rows != null) rows.add(IndicatorValue.read(rs, 2));
                });
        return out;
    }
}
