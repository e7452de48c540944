package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.Target;
import grassroots.warehouse.query.Analyses.CompletenessRow;
import grassroots.warehouse.query.Analyses.Correlation;
import grassroots.warehouse.query.Analyses.Distribution;
import grassroots.warehouse.query.Analyses.PeerGroup;
import grassroots.warehouse.query.Analyses.PeerValue;
import grassroots.warehouse.query.Analyses.Point;
import grassroots.warehouse.query.Analyses.QuarantineSummary;
import grassroots.warehouse.query.Analyses.RankedValue;
import grassroots.warehouse.query.Analyses.TargetStatus;
import grassroots.warehouse.query.Analyses.TrendValue;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotViews;
import grassroots.warehouse.store.WarehouseDir;
import grassroots.warehouse.targets.TargetAssessment;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to one snapshot of a warehouse through DuckDB: the {@link SnapshotViews} and the analysis queries the
 * API serves. The marts are a DuckDB database sorted by (indicator, level, year, region), so an API read scans a few
 * row groups and joins nothing. Thread-safe: each query runs on its own duplicate of the connection.
 */
public final class Warehouse implements AutoCloseable {
    private final Catalog catalog;
    private final Snapshot snapshot;
    private final DuckDBConnection db;
    private final List<SnapshotViews.View> views;
    private volatile List<Integer> years;

    private Warehouse(Catalog catalog, Snapshot snapshot, DuckDBConnection db, List<SnapshotViews.View> views) {
        this.catalog = catalog;
        this.snapshot = snapshot;
        this.db = db;
        this.views = views;
    }

    public static Warehouse open(WarehouseDir dir, Catalog catalog) {
        return open(dir.requireCurrent(), catalog);
    }

    public static Warehouse open(Snapshot snapshot, Catalog catalog) {
        DuckDBConnection db = Duck.open();
        try {
            List<SnapshotViews.View> views = SnapshotViews.create(db, snapshot, catalog);
            // The API's own database reads nothing but its snapshot either.
            SnapshotViews.lockDown(db, snapshot, System.getProperty("grassroots.api.memory", "512MB"),
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
            return new Warehouse(catalog, snapshot, db, views);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw e;
        }
    }

    public Catalog catalog() { return catalog; }
    public Snapshot snapshot() { return snapshot; }
    public List<SnapshotViews.View> views() { return views; }

    /** A new connection to the same database, for one caller at a time. */
    public Connection connect() throws SQLException {
        return db.duplicate();
    }

    public List<Integer> years() {
        if (years == null) {
            List<Integer> ys = new ArrayList<>();
            query("SELECT DISTINCT year FROM indicator_values ORDER BY year", List.of(), rs -> ys.add(rs.getInt(1)));
            years = List.copyOf(ys);
        }
        return years;
    }

    /**
     * Rows under an ancestor (or the ancestor itself): a test on the ancestor's own level column, which the table's
     * sort order keeps in narrow ranges, so DuckDB skips the other row groups by their min/max.
     */
    private static String underParent(String parent) {
        return underParent(parent, "");
    }

    private static String underParent(String parent, String tablePrefix) {
        Level level = Level.ofCode(parent);
        return level == Level.NATION ? " AND ?::VARCHAR = 'CN'" : " AND " + tablePrefix + level.id() + "_code = ?";
    }

    /**
     * The values of {@code indicator} for every region of {@code level} in {@code year}, under {@code parent}
     * (any ancestor's code, or null for all), best first.
     */
    public List<IndicatorValue> values(String indicator, Level level, int year, String parent) {
        return values(indicator, level, year, parent, Boundaries.CURRENT);
    }

    public List<IndicatorValue> values(String indicator, Level level, int year, String parent, Boundaries boundaries) {
        Indicator ind = indicator(indicator);
        List<Object> params = new ArrayList<>(List.of(indicator, level.id(), year));
        if (parent != null) params.add(parent);
        List<IndicatorValue> out = new ArrayList<>();
        query("SELECT " + IndicatorValue.COLUMNS + " FROM marts.indicator_values WHERE " + boundaries.sql("boundaries") + " AND indicator = ? "
                + "AND level = ? AND year = ?"
                + (parent == null ? "" : underParent(parent)) + " ORDER BY value " + order(ind) + " NULLS LAST, region_code",
                params, rs -> out.add(IndicatorValue.read(rs, 1)));
        return out;
    }

    /** The yearly values of {@code indicator} for one region, oldest first, each with its change from the year before. */
    public List<TrendValue> trend(String indicator, String regionCode, int from, int to) {
        return trend(indicator, regionCode, from, to, Boundaries.CURRENT);
    }

    public List<TrendValue> trend(String indicator, String regionCode, int from, int to, Boundaries boundaries) {
        indicator(indicator);
        List<TrendValue> out = new ArrayList<>();
        query("SELECT " + IndicatorValue.COLUMNS + ", value - lag(value) OVER (ORDER BY year) FROM marts.indicator_values "
                        + "WHERE " + boundaries.sql("boundaries") + " AND indicator = ? AND level = ? AND region_code = ? "
                        + "AND year BETWEEN ? AND ? ORDER BY year",
                List.of(indicator, Level.ofCode(regionCode).id(), regionCode, from, to),
                rs -> out.add(new TrendValue(IndicatorValue.read(rs, 1), (Double) rs.getObject(11))));
        return out;
    }

    /**
     * Every indicator's yearly values for one region in one query (the overview's cards), oldest first per indicator,
     * each with its change from the year before; keyed by indicator id in the catalog's order.
     */
    public java.util.Map<String, List<TrendValue>> trends(String regionCode, Boundaries boundaries) {
        java.util.Map<String, List<TrendValue>> out = new java.util.LinkedHashMap<>();
        catalog.indicators().forEach(i -> out.put(i.id(), new ArrayList<>()));
        query("SELECT indicator, " + IndicatorValue.COLUMNS + ", value - lag(value) OVER (PARTITION BY indicator ORDER BY year) "
                        + "FROM marts.indicator_values WHERE " + boundaries.sql("boundaries") + " AND level = ? AND region_code = ? "
                        + "ORDER BY indicator, year",
                List.of(Level.ofCode(regionCode).id(), regionCode), rs -> {
                    List<TrendValue> rows = out.get(rs.getString(1));
                    if (rows != null) rows.add(new TrendValue(IndicatorValue.read(rs, 2), (Double) rs.getObject(12)));
                });
        return out;
    }

    /**
     * Every indicator's values for the children of a region in one year, in one query (the cockpit's map and its
     * leading and lagging children); keyed by indicator id, rows in region code order.
     */
    public java.util.Map<String, List<IndicatorValue>> childValues(String regionCode, int year, Boundaries boundaries) {
        java.util.Map<String, List<IndicatorValue>> out = new java.util.LinkedHashMap<>();
        catalog.indicators().forEach(i -> out.put(i.id(), new ArrayList<>()));
        Level level = Level.ofCode(regionCode);
        if (level.ordinal() + 1 >= Level.values().length) return out;
        Level below = next(level);
        if (!Level.AGGREGATE_LEVELS.contains(below)) return out;
        query("SELECT indicator, " + IndicatorValue.COLUMNS + " FROM marts.indicator_values WHERE " + boundaries.sql("boundaries")
                        + " AND level = ? AND year = ?" + underParent(regionCode) + " ORDER BY indicator, region_code",
                List.of(below.id(), year, regionCode), rs -> {
                    List<IndicatorValue> rows = out.get(rs.getString(1));
                    if (rows != null) rows.add(IndicatorValue.read(rs, 2));
                });
        return out;
    }

    /** Regions of a level ranked among their siblings, with the parent's value for reference. */
    public List<RankedValue> ranking(String indicator, Level level, int year, String parent, Boundaries boundaries) {
        Indicator ind = indicator(indicator);
        List<Object> params = new ArrayList<>(List.of(indicator, level.id(), year));
        if (parent != null) params.add(parent);
        List<RankedValue> out = new ArrayList<>();
        query("WITH v AS (SELECT * FROM marts.indicator_values WHERE " + boundaries.sql("boundaries") + " AND indicator = ? "
                + "AND level = ? AND year = ?"
                + (parent == null ? "" : underParent(parent)) + "), "
                + "r AS (SELECT *, CASE WHEN value IS NOT NULL THEN rank() OVER (PARTITION BY parent_code, value IS NULL "
                + "ORDER BY value " + order(ind) + ") END AS rank, count(value) OVER (PARTITION BY parent_code) AS siblings FROM v) "
                + "SELECT " + Duck.qualified("r", IndicatorValue.COLUMNS) + ", r.rank, r.siblings, "
                + "CASE WHEN r.rank IS NULL THEN NULL WHEN r.siblings = 1 THEN 100.0 "
                + "ELSE 100.0 * (r.siblings - r.rank) / (r.siblings - 1) END, r.parent_code, p.region_name, p.value "
                + "FROM r LEFT JOIN marts.indicator_values p ON " + boundaries.sql("p.boundaries") + " AND p.indicator = r.indicator "
                + "AND p.year = r.year "
                + "AND p.region_code = r.parent_code ORDER BY r.value " + order(ind) + " NULLS LAST, r.region_code",
                params, rs -> out.add(new RankedValue(IndicatorValue.read(rs, 1), (Integer) nullableInt(rs, 11), rs.getLong(12),
                        (Double) rs.getObject(13), rs.getString(14), rs.getString(15), (Double) rs.getObject(16))));
        return out;
    }

    /** The spread of a region's children (or its descendants at {@code level}). */
    public Distribution distribution(String indicator, String regionCode, int year, Level level) {
        indicator(indicator);
        Level regionLevel = Level.ofCode(regionCode);
        Level childLevel = level != null ? level : next(regionLevel);
        if (childLevel.ordinal() <= regionLevel.ordinal() || childLevel == Level.UNIT) {
            throw new Unanswerable(childLevel.label().zh() + "不在" + regionLevel.label().zh() + "之下",
                    "level " + childLevel.id() + " is not below " + regionLevel.id());
        }
        IndicatorValue region = trendValue(indicator, regionCode, year);
        List<IndicatorValue> children = values(indicator, childLevel, year, regionCode);
        double[] stats = new double[6];
        long[] count = new long[1];
        query("SELECT count(value), min(value), quantile_cont(value, 0.25), median(value), quantile_cont(value, 0.75), "
                        + "max(value) FROM marts.indicator_values WHERE " + Boundaries.CURRENT.sql("boundaries") + " AND indicator = ? AND level = ? "
                        + "AND year = ?" + underParent(regionCode),
                List.of(indicator, childLevel.id(), year, regionCode), rs -> {
                    count[0] = rs.getLong(1);
                    for (int i = 0; i < 5; i++) stats[i] = rs.getDouble(i + 2);
                });
        boolean any = count[0] > 0;
        return new Distribution(region, childLevel.id(), count[0], any ? stats[0] : null, any ? stats[1] : null,
                any ? stats[2] : null, any ? stats[3] : null, any ? stats[4] : null, children);
    }

    /**
     * The {@code n} regions of the same level most like {@code regionCode} in size (log population) and urban share,
     * standardised across all regions of that level and year, and how the region compares with them.
     */
    public PeerGroup peers(String indicator, String regionCode, int year, int n) {
        Indicator ind = indicator(indicator);
        Level level = Level.ofCode(regionCode);
        if (level == Level.NATION) throw new Unanswerable("全国没有同级可比地区", "the nation has no peers");
        List<PeerValue> group = new ArrayList<>();
        query("WITH s AS (SELECT region_code, population, coalesce(urban_population, 0) / population AS urban_share, "
                        + "ln(population) AS lp FROM marts.region_stats WHERE level = ? AND year = ? AND population > 0), "
                        + "z AS (SELECT *, (lp - avg(lp) OVER ()) / nullif(stddev_pop(lp) OVER (), 0) AS zl, "
                        + "(urban_share - avg(urban_share) OVER ()) / nullif(stddev_pop(urban_share) OVER (), 0) AS zu FROM s), "
                        + "me AS (SELECT * FROM z WHERE region_code = ?), "
                        + "near AS (SELECT z.region_code, z.population, z.urban_share, "
                        + "sqrt(power(coalesce(z.zl - me.zl, 0), 2) + power(coalesce(z.zu - me.zu, 0), 2)) AS distance "
                        + "FROM z, me ORDER BY distance, z.region_code LIMIT ?) "
                        + "SELECT " + Duck.qualified("v", IndicatorValue.COLUMNS) + ", near.population, near.urban_share, near.distance "
                        + "FROM near JOIN marts.indicator_values v ON " + Boundaries.CURRENT.sql("v.boundaries") + " AND v.region_code = near.region_code "
                        + "AND v.indicator = ? AND v.year = ? ORDER BY near.distance, near.region_code",
                List.of(level.id(), year, regionCode, n + 1, indicator, year),
                rs -> group.add(new PeerValue(IndicatorValue.read(rs, 1), (Double) rs.getObject(11),
                        (Double) rs.getObject(12), (Double) rs.getObject(13))));
        PeerValue self = group.stream().filter(p -> p.value().regionCode().equals(regionCode)).findFirst()
                .orElseThrow(() -> new Unanswerable(regionCode + "在" + year + "年没有人口数据",
                        "no population data for " + regionCode + " in " + year));
        List<PeerValue> peers = group.stream().filter(p -> p != self).toList();
        List<Double> peerValues = peers.stream().map(p -> p.value().value()).filter(v -> v != null).sorted().toList();
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

    /**
     * The indicator's plan targets for a region — its own and its ancestors' (a national plan applies to every province)
     * — each judged on the region's series by {@link TargetAssessment}.
     */
    public List<TargetStatus> targets(String indicator, String regionCode) {
        Indicator ind = indicator(indicator);
        java.util.Set<String> scopes = new java.util.HashSet<>(List.of(regionCode, grassroots.warehouse.regions.Level.NATION_CODE));
        ancestors(regionCode).forEach(a -> scopes.add(a.code()));
        List<TargetAssessment.Point> series = trend(indicator, regionCode, 0, 9999).stream()
                .filter(v -> v.value().value() != null)
                .map(v -> new TargetAssessment.Point(v.value().year(), v.value().value())).toList();
        TargetAssessment judge = assessment(ind);
        List<TargetStatus> out = new ArrayList<>();
        for (Target t : ind.targets()) {
            if (!scopes.contains(t.scope())) continue;
            TargetAssessment.Result r = judge.assess(series, t.year(), t.value(), t.basicallyAchieved());
            Boolean met = r.status().equals("no_data") || r.status().equals("no_trend") ? null
                    : r.status().equals("achieved") || r.status().equals("on_track");
            out.add(new TargetStatus(t.plan(), t.scope(), !t.scope().equals(regionCode), t.year(), t.value(),
                    t.basicallyAchieved(), t.source(), t.note(), r.latestYear(), r.latestValue(), r.gap(),
                    r.projectedValue(), met, r.reachesIn(), r.status(), r.method(), judge.rule(t.basicallyAchieved())));
        }
        return out;
    }

    /** How the indicator's targets are judged: its direction, published precision, and whether it is a share of units. */
    public static TargetAssessment assessment(Indicator ind) {
        return new TargetAssessment(ind.direction().higherIsBetter(), ind.decimals(), ind.share());
    }

    /** Two indicators across the regions of a level: the points of a scatter and their correlation. */
    public Correlation correlation(String x, String y, Level level, int year, String parent) {
        indicator(x);
        indicator(y);
        List<Object> params = new ArrayList<>(List.of(x, y, level.id(), year));
        if (parent != null) params.add(parent);
        String where = Boundaries.CURRENT.sql("a.boundaries") + " AND " + Boundaries.CURRENT.sql("b.boundaries")
                + " AND a.indicator = ? AND b.indicator = ? "
                + "AND a.level = ? AND a.year = ?"
                + (parent == null ? "" : underParent(parent, "a."));
        String pairs = "SELECT a.region_code, a.region_name, a.short_name, a.value AS x, b.value AS y, s.population, "
                + "CASE WHEN a.expected_units = 0 THEN 1 ELSE a.reported_units / a.expected_units END AS cx, "
                + "CASE WHEN b.expected_units = 0 THEN 1 ELSE b.reported_units / b.expected_units END AS cy "
                + "FROM marts.indicator_values a JOIN marts.indicator_values b ON b.region_code = a.region_code "
                + "AND b.year = a.year AND b.level = a.level "
                + "LEFT JOIN marts.region_stats s ON s.region_code = a.region_code AND s.year = a.year AND s.level = a.level "
                + "WHERE " + where;
        List<Point> points = new ArrayList<>();
        query(pairs + " ORDER BY a.region_code", params, rs -> points.add(new Point(rs.getString(1), rs.getString(2),
                rs.getString(3), (Double) rs.getObject(4), (Double) rs.getObject(5), (Double) rs.getObject(6),
                rs.getDouble(7), rs.getDouble(8))));
        Object[] stats = new Object[3];
        // Spearman's ρ: Pearson on ranks, ties given their average rank
        query("WITH p AS (" + pairs + " AND a.value IS NOT NULL AND b.value IS NOT NULL), "
                + "q AS (SELECT x, y, (rank() OVER (ORDER BY x) + rank() OVER (ORDER BY x DESC) * -1 + count(*) OVER () + 1) / 2.0 AS rx, "
                + "(rank() OVER (ORDER BY y) + rank() OVER (ORDER BY y DESC) * -1 + count(*) OVER () + 1) / 2.0 AS ry FROM p) "
                + "SELECT count(*), corr(x, y), corr(rx, ry) FROM q", params, rs -> {
            stats[0] = rs.getLong(1);
            stats[1] = rs.getObject(2);
            stats[2] = rs.getObject(3);
        });
        return new Correlation(x, y, level.id(), year, (Long) stats[0], finite(stats[1]), finite(stats[2]), points);
    }

    /** Reported vs expected returns of a form for the regions of a level, in one year or all years. */
    public List<CompletenessRow> completeness(String form, Level level, Integer year, String parent) {
        catalog.form(form);
        List<Object> params = new ArrayList<>(List.of(form, level.id()));
        if (year != null) params.add(year);
        if (parent != null) params.add(parent);
        List<CompletenessRow> out = new ArrayList<>();
        query("SELECT form, region_code, region_name, short_name, level, year, reported_units, expected_units "
                        + "FROM marts.completeness WHERE " + Boundaries.CURRENT.sql("boundaries") + " AND form = ? AND level = ?" + (year == null ? "" : " AND year = ?")
                        + (parent == null ? "" : " AND ? IN (region_code, parent_code, province_code, prefecture_code, county_code, 'CN')")
                        + " ORDER BY year, region_code", params,
                rs -> out.add(new CompletenessRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getLong(8))));
        return out;
    }

    /** The values flagged as unusual among the regions of a level (any of them when null), largest score first. */
    public List<Analyses.Outlier> outliers(String indicator, Level level, Integer year, String parent, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (indicator != null) { where.append(" AND indicator = ?"); params.add(indicator); }
        if (level != null) { where.append(" AND level = ?"); params.add(level.id()); }
        if (year != null) { where.append(" AND year = ?"); params.add(year); }
        if (parent != null) {
            where.append(" AND ? IN (region_code, parent_code, province_code, prefecture_code, 'CN')");
            params.add(parent);
        }
        params.add(limit);
        List<Analyses.Outlier> out = new ArrayList<>();
        if (views.stream().noneMatch(v -> v.name().equals("outliers"))) return out;
        query("SELECT kind, indicator, level, region_code, region_name, year, value, reference, score, reported_units, "
                        + "expected_units FROM outliers" + where + " ORDER BY abs(score) DESC, region_code LIMIT ?", params,
                rs -> out.add(new Analyses.Outlier(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getLong(10),
                        rs.getLong(11))));
        return out;
    }

    /** What the ETL rejected, by rule and by province, with a sample of rows and their messages. */
    public QuarantineSummary quarantine(String parent, int sampleSize) {
        String where = parent == null ? "" : " WHERE starts_with(coalesce(region_code, ''), ?)";
        List<Object> params = parent == null ? List.of() : List.of(parent.equals("CN") ? "" : parent);
        long[] rows = new long[1];
        query("SELECT count(DISTINCT (source_file, source_row)) FROM quarantine" + where, params, rs -> rows[0] = rs.getLong(1));
        List<Analyses.RuleCount> byRule = new ArrayList<>();
        query("SELECT rule, any_value(field), count(*), any_value(message_zh), any_value(message_en) FROM quarantine" + where
                        + " GROUP BY rule ORDER BY 3 DESC, 1", params,
                rs -> byRule.add(new Analyses.RuleCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5))));
        List<Analyses.RegionCount> byRegion = new ArrayList<>();
        query("SELECT left(q.region_code, 2) AS province, any_value(r.name), count(*) FROM quarantine q "
                        + "LEFT JOIN marts.region_index r ON r.code = left(q.region_code, 2)" + where.replace("region_code", "q.region_code")
                        + " GROUP BY 1 ORDER BY 3 DESC, 1", params,
                rs -> byRegion.add(new Analyses.RegionCount(rs.getString(1), rs.getString(2), rs.getLong(3))));
        List<Analyses.QuarantinedValue> sample = new ArrayList<>();
        List<Object> sampleParams = new ArrayList<>(params);
        sampleParams.add(sampleSize);
        query("SELECT source_file, source_row, region_code, year, field, rule, value, message_zh, message_en FROM quarantine"
                        + where + " ORDER BY source_file, source_row, rule LIMIT ?", sampleParams,
                rs -> sample.add(new Analyses.QuarantinedValue(rs.getString(1), rs.getLong(2), rs.getString(3),
                        (Integer) nullableInt(rs, 4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9))));
        return new QuarantineSummary(rows[0], byRule, byRegion, sample);
    }

    public Optional<RegionInfo> region(String code) {
        List<RegionInfo> out = new ArrayList<>();
        query("SELECT code, name, short_name, level, parent_code FROM marts.region_index WHERE code = ?", List.of(code),
                rs -> out.add(new RegionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
        return out.stream().findFirst();
    }

    public List<RegionInfo> children(String code) {
        List<RegionInfo> out = new ArrayList<>();
        query("SELECT code, name, short_name, level, parent_code FROM marts.region_index WHERE parent_code = ? "
                        + "AND valid_to = " + grassroots.warehouse.regions.Region.OPEN_END + " ORDER BY code",
                List.of(code), rs -> out.add(new RegionInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5))));
        return out;
    }

    /** The region's ancestors, nation first. */
    public List<RegionInfo> ancestors(String code) {
        List<RegionInfo> chain = new ArrayList<>();
        Optional<RegionInfo> r = region(code);
        while (r.isPresent() && r.get().parentCode() != null) {
            r = region(r.get().parentCode());
            r.ifPresent(p -> chain.add(0, p));
        }
        return chain;
    }

    public Indicator indicator(String id) {
        return catalog.indicator(id).orElseThrow(() -> new UnknownIndicator(id));
    }

    private IndicatorValue trendValue(String indicator, String region, int year) {
        List<TrendValue> t = trend(indicator, region, year, year);
        if (t.isEmpty()) throw new Unanswerable(region + "在" + year + "年没有" + indicator + "的数据",
                "no value of " + indicator + " for " + region + " in " + year);
        return t.get(0).value();
    }

    private static Level next(Level level) {
        return Level.values()[level.ordinal() + 1];
    }

    private static String order(Indicator ind) {
        return ind.direction().higherIsBetter() ? "DESC" : "ASC";
    }

    private static Object nullableInt(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        return o == null ? null : ((Number) o).intValue();
    }

    private static Double finite(Object o) {
        return o instanceof Double d && Double.isFinite(d) ? d : null;
    }

    public void query(String sql, List<Object> params, Duck.RowReader reader) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) reader.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing an in-memory database cannot lose anything
        }
    }

    /** An indicator id the catalog does not declare. */
    public static final class UnknownIndicator extends IllegalArgumentException {
        private final String id;

        public UnknownIndicator(String id) {
            super("unknown indicator '" + id + "'");
            this.id = id;
        }

        public String id() { return id; }
    }
}
