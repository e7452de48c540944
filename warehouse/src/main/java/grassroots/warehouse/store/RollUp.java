package grassroots.warehouse.store;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.Population;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.regions.Region;
import org.duckdb.DuckDBConnection;

import java.util.ArrayList;
import java.util.List;

/**
 * One form's township sums rolled up to every level above them, on both boundaries, with the units expected there:
 * {@code <t>_wide}, every region and year with its counts, all the form's sums and the region's names, in the marts'
 * order ({@link MartBuilder} reads its indicators and completeness from it).
 *
 * <p>Nearly every region is the same on both boundaries: only those above a changed code (ended, recoded, merged,
 * split: a few thousand region-years of 650,000) have rows of their own on one. The others are carried as one shared
 * row ({@link Boundaries#SHARED}) from the township sums to {@code <t>_wide}; only the few with rows of their own are
 * summed per boundary, and kept once where both boundaries come out the same. Expanding every row to both boundaries
 * and folding them back afterwards (a GROUP BY over every column) gave the same table for twice the rows in between.
 *
 * <p>Needs {@code <t>_township_sums}, {@code <t>_regions}, {@code <t>_changed}, {@code crosswalk} and
 * {@code region_index}.
 */
final class RollUp {
    private static final String SHARED = Duck.literal(Boundaries.SHARED);
    private static final String KEY = "USING (year, level, region_code)";

    private final Catalog catalog;
    private final Form form;
    private final String t;

    RollUp(Catalog catalog, Form form) {
        this.catalog = catalog;
        this.form = form;
        this.t = form.table();
    }

    void build(DuckDBConnection c) {
        List<String> sums = new ArrayList<>(), sumNames = new ArrayList<>(), expected = new ArrayList<>(), expectedNames = new ArrayList<>();
        for (Population p : Population.values()) {
            sums.add("coalesce(sum(units) FILTER (WHERE " + p.sql() + "), 0) AS reported_" + p.id());
            sumNames.add("reported_" + p.id());
            expected.add("sum(w) FILTER (WHERE " + p.sql() + ") AS expected_" + p.id());
            expectedNames.add("expected_" + p.id());
        }
        List<String> sumColumns = new ArrayList<>();
        for (Indicator i : catalog.indicatorsOf(form)) {
            for (String side : List.of("n", "d")) {
                sums.add("sum(" + MartBuilder.col(side, i) + ") AS " + MartBuilder.col(side, i));
                sumNames.add(MartBuilder.col(side, i));
                sumColumns.add("s." + MartBuilder.col(side, i));
            }
        }
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_rolled AS " + rolledUp(sums, t + "_township_sums"));
        existing(c);
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_rolled_expected AS " + rolledUp(expected, t + "_existing"));
        // the region-years with rows of their own on a boundary, in the sums or in the units expected
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_own AS SELECT year, level, region_code FROM " + t + "_rolled WHERE boundaries <> "
                + SHARED + " UNION SELECT year, level, region_code FROM " + t + "_rolled_expected WHERE boundaries <> " + SHARED);
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_sums AS " + perBoundary(t + "_rolled", sumNames));
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_expected AS " + perBoundary(t + "_rolled_expected", expectedNames));

        // Every region-year with its counts and all the form's sums (one join of the expected units and the sums), then
        // the region's names, in the marts' order.
        List<String> counts = new ArrayList<>();
        for (Population p : Population.values()) {
            counts.add("coalesce(s.reported_" + p.id() + ", 0) AS reported_" + p.id());
            counts.add("coalesce(e.expected_" + p.id() + ", 0) AS expected_" + p.id());
        }
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_counts AS SELECT coalesce(e.boundaries, s.boundaries) AS boundaries, "
                + "coalesce(e.year, s.year) AS year, coalesce(e.level, s.level) AS level, "
                + "coalesce(e.region_code, s.region_code) AS region_code, " + String.join(", ", counts) + ", "
                + String.join(", ", sumColumns) + " FROM " + t + "_expected e FULL JOIN " + t + "_sums s "
                + "ON s.boundaries = e.boundaries AND s.year = e.year AND s.level = e.level AND s.region_code = e.region_code");
        // A region-year with rows of its own on each boundary that came out the same is kept once, as the others are.
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_wide AS WITH w AS (SELECT c.*, r.name AS region_name, r.short_name, "
                + "r.parent_code, r.province_code, r.prefecture_code, r.county_code, r.township_code FROM " + t + "_counts c "
                + "JOIN region_index r ON r.code = c.region_code) "
                + "SELECT * FROM w WHERE boundaries = " + SHARED + " UNION ALL "
                + "SELECT CASE WHEN count(*) > 1 THEN " + SHARED + " ELSE any_value(boundaries) END AS boundaries, "
                + "COLUMNS(* EXCLUDE (boundaries)) FROM w WHERE boundaries <> " + SHARED + " GROUP BY ALL "
                + "ORDER BY boundaries, level, region_code, year");
    }

    /** {@code aggregates} over {@code table}'s rows at every level, by boundaries (shared, reported, current) and year. */
    private static String rolledUp(List<String> aggregates, String table) {
        return "SELECT boundaries, year, " + MartBuilder.LEVEL + " AS level, " + MartBuilder.REGION_CODE + " AS region_code, "
                + String.join(", ", aggregates) + " FROM " + table + " GROUP BY " + MartBuilder.GROUPING_SETS;
    }

    /**
     * A rolled-up table's region-years as the marts keep them: a shared row for those without rows of their own, and
     * for the others their own rows plus the shared ones, summed per boundary; every value a double (the sums'
     * decimals are added exactly first).
     */
    private String perBoundary(String rolled, List<String> names) {
        List<String> shared = new ArrayList<>(), summed = new ArrayList<>();
        for (String name : names) {
            shared.add(name + "::DOUBLE AS " + name);
            summed.add("sum(" + name + ")::DOUBLE AS " + name);
        }
        String select = "SELECT boundaries, year, level, region_code, ";
        return select + String.join(", ", shared) + " FROM " + rolled + " ANTI JOIN " + t + "_own " + KEY
                + " WHERE boundaries = " + SHARED + " UNION ALL " + select + String.join(", ", summed)
                + " FROM (SELECT * FROM (" + Boundaries.expanded(rolled) + ") SEMI JOIN " + t + "_own " + KEY + ") GROUP BY ALL";
    }

    /**
     * The units that existed each year, likewise: units of unchanged codes once as shared, grouped by township, type
     * and years of validity (w = how many); those of changed codes as they were (reported) and mapped year by year onto
     * today's regions (current, a split's share).
     */
    private void existing(DuckDBConnection c) {
        String ancestors = MartBuilder.ANCESTORS, openEnd = Integer.toString(Region.OPEN_END);
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_years AS SELECT DISTINCT year FROM " + t + "_township_sums");
        String years = " JOIN " + t + "_years y ON y.year BETWEEN g.valid_from AND g.valid_to";
        String unchanged = "NOT g.changed AND g.valid_to = " + openEnd;
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_existing AS "
                + "WITH grouped AS (SELECT valid_from, valid_to, code IN (SELECT code FROM " + t + "_changed) AS changed, urban, "
                + ancestors + ", count(*)::DOUBLE AS n FROM " + t + "_regions GROUP BY ALL) "
                + "SELECT " + SHARED + " AS boundaries, y.year, g.n AS w, g.urban, " + Duck.qualified("g", ancestors) + " FROM grouped g"
                + years + " WHERE " + unchanged
                + " UNION ALL SELECT 'reported', y.year, g.n, g.urban, " + Duck.qualified("g", ancestors) + " FROM grouped g"
                + years + " WHERE NOT (" + unchanged + ")"
                + " UNION ALL SELECT 'current', y.year, coalesce(x.weight, 1.0), c.urban, " + Duck.qualified("c", ancestors)
                + " FROM " + t + "_regions r JOIN " + t + "_years y ON y.year BETWEEN r.valid_from AND r.valid_to "
                + "LEFT JOIN crosswalk x ON x.code = r.code AND y.year BETWEEN x.from_year AND x.to_year JOIN " + t
                + "_regions c ON c.code = coalesce(x.current_code, r.code) AND c.valid_to = " + openEnd
                + " WHERE r.code IN (SELECT code FROM " + t + "_changed)");
    }
}
