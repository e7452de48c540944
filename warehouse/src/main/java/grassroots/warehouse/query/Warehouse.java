package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.Analyses.CompletenessRow;
import grassroots.warehouse.query.Analyses.Correlation;
import grassroots.warehouse.query.Analyses.Distribution;
import grassroots.warehouse.query.Analyses.Outlier;
import grassroots.warehouse.query.Analyses.PeerGroup;
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
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to one snapshot of a warehouse through DuckDB: the {@link SnapshotViews} and the questions the API asks,
 * each answered by a class of its own ({@link Values}, {@link Trends}, {@link Rankings}, {@link Peers},
 * {@link Targets}, {@link Correlations}, {@link Quality}, {@link Regions}) with its SQL in
 * {@code grassroots/queries/}. The marts are a DuckDB database sorted by (indicator, level, year, region), so an API
 * read scans a few row groups and joins nothing. Thread-safe: each query runs on its own duplicate of the connection.
 */
public final class Warehouse implements AutoCloseable {
    private static final String YEARS = Sql.load("years");

    private final Catalog catalog;
    private final Snapshot snapshot;
    private final DuckDBConnection db;
    private final List<SnapshotViews.View> views;
    private final Sql sql;
    private final Values values;
    private final Trends trends;
    private final Rankings rankings;
    private final Peers peers;
    private final Correlations correlations;
    private final Quality quality;
    private final Regions regions;
    /**
     * The years the snapshot has values for, asked once (Guava's memoizing supplier lets one caller compute, the others
     * wait): the first requests after a start come together, and each asking for itself (a scan of every value) kept
     * eight of them waiting 5 s on two cores.
     */
    private final com.google.common.base.Supplier<List<Integer>> years = com.google.common.base.Suppliers.memoize(() -> {
        List<Integer> ys = new ArrayList<>();
        query(YEARS, List.of(), rs -> ys.add(rs.getInt(1)));
        return List.copyOf(ys);
    });

    private Warehouse(Catalog catalog, Snapshot snapshot, DuckDBConnection db, List<SnapshotViews.View> views, QueryGate gate) {
        this.catalog = catalog;
        this.snapshot = snapshot;
        this.db = db;
        this.views = views;
        this.sql = new Sql(db, gate);
        this.values = new Values(sql, catalog);
        this.trends = new Trends(sql, catalog);
        this.rankings = new Rankings(sql, values, trends);
        this.peers = new Peers(sql);
        this.correlations = new Correlations(sql);
        this.quality = new Quality(sql, views.stream().anyMatch(v -> v.name().equals("outliers")));
        this.regions = new Regions(sql);
    }

    public static Warehouse open(WarehouseDir dir, Catalog catalog) {
        return open(dir.requireCurrent(), catalog);
    }

    public static Warehouse open(Snapshot snapshot, Catalog catalog) {
        return open(snapshot, catalog, QueryGate.Bound.standard());
    }

    /** A snapshot's warehouse whose queries run at most {@code bound.queries()} at once. */
    public static Warehouse open(Snapshot snapshot, Catalog catalog, QueryGate.Bound bound) {
        DuckDBConnection db = Duck.open();
        try {
            List<SnapshotViews.View> views = SnapshotViews.create(db, snapshot, catalog);
            // The API's own database reads nothing but its snapshot either.
            SnapshotViews.lockDown(db, snapshot, System.getProperty("grassroots.api.memory", "512MB"),
                    Math.max(1, Runtime.getRuntime().availableProcessors()));
            return new Warehouse(catalog, snapshot, db, views, new QueryGate(bound));
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
        return sql.connect();
    }

    public List<Integer> years() {
        return years.get();
    }

    // ---- values and trends ------------------------------------------------------------------------------------

    /**
     * The values of {@code indicator} for every region of {@code level} in {@code year}, under {@code parent}
     * (any ancestor's code, or null for all), best first.
     */
    public List<IndicatorValue> values(String indicator, Level level, int year, String parent) {
        return values(indicator, level, year, parent, Boundaries.CURRENT);
    }

    public List<IndicatorValue> values(String indicator, Level level, int year, String parent, Boundaries boundaries) {
        return values.values(indicator(indicator), level, year, parent, boundaries);
    }

    /** Every indicator's values for the children of a region in one year, keyed by indicator id. */
    public Map<String, List<IndicatorValue>> childValues(String regionCode, int year, Boundaries boundaries) {
        return values.childValues(regionCode, year, boundaries);
    }

    /** The yearly values of {@code indicator} for one region, oldest first, each with its change from the year before. */
    public List<TrendValue> trend(String indicator, String regionCode, int from, int to) {
        return trend(indicator, regionCode, from, to, Boundaries.CURRENT);
    }

    public List<TrendValue> trend(String indicator, String regionCode, int from, int to, Boundaries boundaries) {
        indicator(indicator);
        return trends.trend(indicator, regionCode, from, to, boundaries);
    }

    /** Every indicator's yearly values for one region, keyed by indicator id in the catalog's order. */
    public Map<String, List<TrendValue>> trends(String regionCode, Boundaries boundaries) {
        return trends.trends(regionCode, boundaries);
    }

    // ---- comparisons ------------------------------------------------------------------------------------------

    /** Regions of a level ranked among their siblings, with the parent's value for reference. */
    public List<RankedValue> ranking(String indicator, Level level, int year, String parent, Boundaries boundaries) {
        return rankings.ranking(indicator(indicator), level, year, parent, boundaries);
    }

    /** The spread of a region's children (or its descendants at {@code level}). */
    public Distribution distribution(String indicator, String regionCode, int year, Level level) {
        return rankings.distribution(indicator(indicator), regionCode, year, level);
    }

    /** The {@code n} regions of the same level most like {@code regionCode}, and how the region compares with them. */
    public PeerGroup peers(String indicator, String regionCode, int year, int n) {
        return peers.peers(indicator(indicator), regionCode, year, n);
    }

    /** Two indicators across the regions of a level: the points of a scatter and their correlation. */
    public Correlation correlation(String x, String y, Level level, int year, String parent) {
        indicator(x);
        indicator(y);
        return correlations.correlation(x, y, level, year, parent);
    }

    // ---- targets ----------------------------------------------------------------------------------------------

    /** The indicator's plan targets for a region, its own and its ancestors', each judged on the region's series. */
    public List<TargetStatus> targets(String indicator, String regionCode) {
        Indicator ind = indicator(indicator);
        return Targets.judge(ind, regionCode, ancestors(regionCode), trend(indicator, regionCode, 0, 9999));
    }

    /** How the indicator's targets are judged: its direction, published precision, and whether it is a share of units. */
    public static TargetAssessment assessment(Indicator ind) {
        return Targets.assessment(ind);
    }

    // ---- quality ----------------------------------------------------------------------------------------------

    /** Reported vs expected returns of a form for the regions of a level, in one year or all years. */
    public List<CompletenessRow> completeness(String form, Level level, Integer year, String parent) {
        catalog.form(form);
        return quality.completeness(form, level, year, parent);
    }

    /** The values flagged as unusual among the regions of a level (any of them when null), largest score first. */
    public List<Outlier> outliers(String indicator, Level level, Integer year, String parent, int limit) {
        return quality.outliers(indicator, level, year, parent, limit);
    }

    /** What the ETL rejected, by rule and by province, with a sample of rows and their messages. */
    public QuarantineSummary quarantine(String parent, int sampleSize) {
        return quality.quarantine(parent, sampleSize);
    }

    // ---- regions ----------------------------------------------------------------------------------------------

    public Optional<RegionInfo> region(String code) {
        return regions.region(code);
    }

    public List<RegionInfo> children(String code) {
        return regions.children(code);
    }

    /** The region's ancestors, nation first. */
    public List<RegionInfo> ancestors(String code) {
        return regions.ancestors(code);
    }

    public Indicator indicator(String id) {
        return catalog.indicator(id).orElseThrow(() -> new UnknownIndicator(id));
    }

    /** Runs any read-only query on this snapshot (tests and tools). */
    public void query(String sql, List<Object> params, Duck.RowReader reader) {
        this.sql.query(sql, params, reader);
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
