package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to the current snapshot of a warehouse through DuckDB: named views over its Parquet files and the
 * indicator queries the dashboard and the API serve. Thread-safe: each query runs on its own duplicate of the
 * connection (one DuckDB connection runs one query at a time).
 *
 * <p>Views: {@code regions}, one per form table ({@code jc1}, {@code jc2}), {@code indicator_values},
 * {@code completeness}, {@code quarantine}.
 */
public final class Warehouse implements AutoCloseable {
    private final Catalog catalog;
    private final Snapshot snapshot;
    private final DuckDBConnection db;

    private Warehouse(Catalog catalog, Snapshot snapshot, DuckDBConnection db) {
        this.catalog = catalog;
        this.snapshot = snapshot;
        this.db = db;
    }

    public static Warehouse open(WarehouseDir dir, Catalog catalog) {
        Snapshot snapshot = dir.requireCurrent();
        DuckDBConnection db = Duck.open();
        Duck.exec(db, "CREATE VIEW regions AS SELECT * FROM read_parquet(" + Duck.literal(snapshot.regions()) + ")");
        for (Form form : catalog.forms()) {
            if (!Files.isDirectory(snapshot.facts(form))) continue;
            Duck.exec(db, "CREATE VIEW " + form.table() + " AS SELECT * FROM read_parquet("
                    + Duck.literal(Snapshot.parquetGlob(snapshot.facts(form)))
                    + ", hive_partitioning = true, hive_types = {'year': INTEGER})");
        }
        Duck.exec(db, "CREATE VIEW indicator_values AS SELECT * FROM read_parquet("
                + Duck.literal(snapshot.indicatorValues()) + ")");
        Duck.exec(db, "CREATE VIEW completeness AS SELECT * FROM read_parquet("
                + Duck.literal(snapshot.completeness()) + ")");
        if (Files.isDirectory(snapshot.quarantine())) {
            Duck.exec(db, "CREATE VIEW quarantine AS SELECT * FROM read_parquet("
                    + Duck.literal(Snapshot.parquetGlob(snapshot.quarantine())) + ")");
        }
        return new Warehouse(catalog, snapshot, db);
    }

    public Catalog catalog() { return catalog; }
    public Snapshot snapshot() { return snapshot; }

    /** A new connection to the same database, for one caller at a time. */
    public Connection connect() throws SQLException {
        return db.duplicate();
    }

    public List<Integer> years() {
        List<Integer> years = new ArrayList<>();
        query("SELECT DISTINCT year FROM indicator_values ORDER BY year", List.of(), rs -> years.add(rs.getInt(1)));
        return years;
    }

    /**
     * The values of {@code indicator} for every region of {@code level} in {@code year}, under {@code parent}
     * (any ancestor's code, or null for all), highest value first.
     */
    public List<IndicatorValue> values(String indicator, Level level, int year, String parent) {
        requireIndicator(indicator);
        String sql = SELECT_VALUES + " WHERE v.indicator = ? AND v.level = ? AND v.year = ?"
                + (parent == null ? "" : " AND ? IN (r.province_code, r.prefecture_code, r.county_code, r.township_code, 'CN')")
                + " ORDER BY v.value DESC NULLS LAST, v.region_code";
        List<Object> params = new ArrayList<>(List.of(indicator, level.id(), year));
        if (parent != null) params.add(parent);
        return values(sql, params);
    }

    /** The yearly values of {@code indicator} for one region, oldest first. */
    public List<IndicatorValue> trend(String indicator, String regionCode, int from, int to) {
        requireIndicator(indicator);
        return values(SELECT_VALUES + " WHERE v.indicator = ? AND v.region_code = ? AND v.year BETWEEN ? AND ?"
                + " ORDER BY v.year", List.of(indicator, regionCode, from, to));
    }

    public Optional<RegionInfo> region(String code) {
        List<RegionInfo> out = new ArrayList<>();
        query("SELECT code, name, short_name, level, parent_code FROM regions WHERE code = ?", List.of(code),
                rs -> out.add(new RegionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5))));
        return out.stream().findFirst();
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

    private static final String SELECT_VALUES = """
            SELECT v.region_code, r.name, r.short_name, v.level, v.year, v.value, v.numerator, v.denominator,
                   v.reported_units, v.expected_units
            FROM indicator_values v JOIN regions r ON r.code = v.region_code""";

    private List<IndicatorValue> values(String sql, List<Object> params) {
        List<IndicatorValue> out = new ArrayList<>();
        query(sql, params, rs -> out.add(new IndicatorValue(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getInt(5), (Double) rs.getObject(6), (Double) rs.getObject(7),
                (Double) rs.getObject(8), rs.getLong(9), rs.getLong(10))));
        return out;
    }

    private void requireIndicator(String id) {
        if (catalog.indicator(id).isEmpty()) throw new UnknownIndicator(id);
    }

    public Indicator indicator(String id) {
        return catalog.indicator(id).orElseThrow(() -> new UnknownIndicator(id));
    }

    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    public void query(String sql, List<Object> params, RowReader reader) {
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
