package grassroots.warehouse.query;

import grassroots.warehouse.query.Analyses.CompletenessRow;
import grassroots.warehouse.query.Analyses.Outlier;
import grassroots.warehouse.query.Analyses.QuarantineSummary;
import grassroots.warehouse.query.Analyses.QuarantinedValue;
import grassroots.warehouse.query.Analyses.RegionCount;
import grassroots.warehouse.query.Analyses.RuleCount;
import grassroots.warehouse.regions.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How good the data is: how complete the returns are, which values look unusual, what the ETL rejected. */
final class Quality {
    private static final String COMPLETENESS = Sql.load("completeness");
    private static final String OUTLIERS = Sql.load("outliers");
    private static final String QUARANTINE_ROWS = Sql.load("quarantine_rows");
    private static final String QUARANTINE_BY_RULE = Sql.load("quarantine_by_rule");
    private static final String QUARANTINE_BY_PROVINCE = Sql.load("quarantine_by_province");
    private static final String QUARANTINE_SAMPLE = Sql.load("quarantine_sample");
    /** A row under an ancestor (or the ancestor itself): the completeness and outlier tables carry their ancestors' codes. */
    private static final String COMPLETENESS_UNDER = " AND ? IN (region_code, parent_code, province_code, prefecture_code, county_code, 'CN')";
    private static final String OUTLIERS_UNDER = " AND ? IN (region_code, parent_code, province_code, prefecture_code, 'CN')";

    private final Sql sql;
    private final boolean hasOutliers;

    /** @param hasOutliers whether the snapshot has the {@code outliers} view (older snapshots do not) */
    Quality(Sql sql, boolean hasOutliers) {
        this.sql = sql;
        this.hasOutliers = hasOutliers;
    }

    /** Reported vs expected returns of a form for the regions of a level, in one year or all years. */
    List<CompletenessRow> completeness(String form, Level level, Integer year, String parent) {
        List<Object> params = new ArrayList<>(List.of(form, level.id()));
        if (year != null) params.add(year);
        if (parent != null) params.add(parent);
        List<CompletenessRow> out = new ArrayList<>();
        sql.query(Sql.fill(COMPLETENESS, Map.of("boundaries", Boundaries.CURRENT.sql("boundaries"),
                        "year", year == null ? "" : " AND year = ?",
                        "parent", parent == null ? "" : COMPLETENESS_UNDER)), params,
                rs -> out.add(new CompletenessRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getLong(8))));
        return out;
    }

    /** The values flagged as unusual among the regions of a level (any of them when null), largest score first. */
    List<Outlier> outliers(String indicator, Level level, Integer year, String parent, int limit) {
        List<Outlier> out = new ArrayList<>();
        if (!hasOutliers) return out;
        List<Object> params = new ArrayList<>();
        StringBuilder filters = new StringBuilder();
        if (indicator != null) { filters.append(" AND indicator = ?"); params.add(indicator); }
        if (level != null) { filters.append(" AND level = ?"); params.add(level.id()); }
        if (year != null) { filters.append(" AND year = ?"); params.add(year); }
        if (parent != null) { filters.append(OUTLIERS_UNDER); params.add(parent); }
        params.add(limit);
        sql.query(Sql.fill(OUTLIERS, Map.of("filters", filters.toString())), params,
                rs -> out.add(new Outlier(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9), rs.getLong(10),
                        rs.getLong(11))));
        return out;
    }

    /** What the ETL rejected (under {@code parent}, when given), by rule and by province, with a sample of rows and their messages. */
    QuarantineSummary quarantine(String parent, int sampleSize) {
        Map<String, String> where = Map.of("where", parent == null ? "" : " WHERE starts_with(coalesce(q.region_code, ''), ?)");
        List<Object> params = parent == null ? List.of() : List.of(parent.equals(Level.NATION_CODE) ? "" : parent);
        long[] rows = new long[1];
        sql.query(Sql.fill(QUARANTINE_ROWS, where), params, rs -> rows[0] = rs.getLong(1));
        List<RuleCount> byRule = new ArrayList<>();
        sql.query(Sql.fill(QUARANTINE_BY_RULE, where), params,
                rs -> byRule.add(new RuleCount(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5))));
        List<RegionCount> byRegion = new ArrayList<>();
        sql.query(Sql.fill(QUARANTINE_BY_PROVINCE, where), params,
                rs -> byRegion.add(new RegionCount(rs.getString(1), rs.getString(2), rs.getLong(3))));
        List<QuarantinedValue> sample = new ArrayList<>();
        List<Object> sampleParams = new ArrayList<>(params);
        sampleParams.add(sampleSize);
        sql.query(Sql.fill(QUARANTINE_SAMPLE, where), sampleParams,
                rs -> sample.add(new QuarantinedValue(rs.getString(1), rs.getLong(2), rs.getString(3),
                        Sql.nullableInt(rs, 4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9))));
        return new QuarantineSummary(rows[0], byRule, byRegion, sample);
    }
}
