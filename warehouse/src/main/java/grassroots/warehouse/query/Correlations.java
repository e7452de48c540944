package grassroots.warehouse.query;

import grassroots.warehouse.query.Analyses.Correlation;
import grassroots.warehouse.query.Analyses.Point;
import grassroots.warehouse.regions.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How two indicators go together across regions. */
final class Correlations {
    private static final String PAIRS = Sql.load("correlation_pairs");
    private static final String CORRELATION = Sql.load("correlation");

    private final Sql sql;

    Correlations(Sql sql) {
        this.sql = sql;
    }

    /** Two indicators across the regions of a level: the points of a scatter and their correlation. */
    Correlation correlation(String x, String y, Level level, int year, String parent) {
        List<Object> params = new ArrayList<>(List.of(x, y, level.id(), year));
        if (parent != null) params.add(parent);
        String pairs = Sql.fill(PAIRS, Map.of("a_boundaries", Boundaries.CURRENT.sql("a.boundaries"),
                "b_boundaries", Boundaries.CURRENT.sql("b.boundaries"),
                "parent", parent == null ? "" : Sql.underParent(parent, "a.")));
        List<Point> points = new ArrayList<>();
        sql.query(pairs + " ORDER BY a.region_code", params, rs -> points.add(new Point(rs.getString(1), rs.getString(2),
                rs.getString(3), (Double) rs.getObject(4), (Double) rs.getObject(5), (Double) rs.getObject(6),
                rs.getDouble(7), rs.getDouble(8))));
        Object[] stats = new Object[3];
        sql.query(Sql.fill(CORRELATION, Map.of("pairs", pairs)), params, rs -> {
            stats[0] = rs.getLong(1);
            stats[1] = rs.getObject(2);
            stats[2] = rs.getObject(3);
        });
        return new Correlation(x, y, level.id(), year, (Long) stats[0], finite(stats[1]), finite(stats[2]), points);
    }

    private static Double finite(Object o) {
        return o instanceof Double d && Double.isFinite(d) ? d : null;
    }
}
