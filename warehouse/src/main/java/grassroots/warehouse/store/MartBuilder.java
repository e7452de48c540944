package grassroots.warehouse.store;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.QualityRules;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Boundaries;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Materialises the marts the dashboard reads, from a snapshot's facts and regions, in one DuckDB pass per form:
 * every indicator of the catalog at every level above the unit ({@code catalog/reporting.yaml}) for every year, always as a
 * ratio of sums, with numerator, denominator, reported and expected units.
 *
 * <p>Expected units come from the hierarchy as of that year (a region counts in the years its code is valid);
 * reported units are the expected ones that sent a return.
 *
 * <p>Every value exists on two {@code boundaries}: {@code reported}, rolled up by the codes as they were reported that
 * year (so a county recoded in 2017 has two series), and {@code current}, every return first mapped through the
 * crosswalk onto today's regions (a split township's returns apportioned by its weights), so five-year trends compare
 * like with like.
 */
public final class MartBuilder {
    /** The ancestor columns of the levels between the nation and the unit (province_code … township_code). */
    private static final List<String> ANCESTOR_COLUMNS = Level.INTERMEDIATE.stream().map(Level::codeColumn).toList();
    static final String ANCESTORS = String.join(", ", ANCESTOR_COLUMNS);
    /** One grouping set per aggregate level: the nation (no ancestor column), then each ancestor column alone. */
    static final String GROUPING_SETS = "GROUPING SETS ((boundaries, year)"
            + ANCESTOR_COLUMNS.stream().map(col -> ", (boundaries, year, " + col + ")").collect(Collectors.joining()) + ")";
    /** GROUPING() over the ancestor columns has a bit set for each column a row is not grouped by: it names the level. */
    static final String LEVEL = levelCase();
    /** A row's region: its most detailed ancestor column, or the nation. */
    static final String REGION_CODE = regionCode();

    private static String regionCode() {
        List<String> deepestFirst = new ArrayList<>(ANCESTOR_COLUMNS);
        java.util.Collections.reverse(deepestFirst);
        return "coalesce(" + String.join(", ", deepestFirst) + ", " + Duck.literal(Level.NATION_CODE) + ")";
    }

    private static String levelCase() {
        int n = ANCESTOR_COLUMNS.size(), all = (1 << n) - 1;
        StringBuilder sql = new StringBuilder("CASE GROUPING(" + ANCESTORS + ") WHEN " + all + " THEN "
                + Duck.literal(Level.NATION.id()));
        for (int k = 0; k < n; k++) {
            sql.append(" WHEN ").append(all - (1 << (n - 1 - k))).append(" THEN ").append(Duck.literal(Level.INTERMEDIATE.get(k).id()));
        }
        return sql.append(" END").toString();
    }


    /** DuckDB's memory for building the marts: {@code -Dgrassroots.marts.memory=2GB}, default 2GB. */
    public static String memoryLimit() {
        return System.getProperty("grassroots.marts.memory", "2GB");
    }

    /** The indicator values as stored: every column of the view {@code indicator_values} but the regions' names and ancestors. */
    private static final String NUMBERS = "indicator_numbers";

    private final Catalog catalog;

    public MartBuilder(Catalog catalog) {
        this.catalog = catalog;
    }

    public String build(Snapshot snapshot) {
        return build(snapshot, null, java.util.Map.of());
    }

    /**
     * Builds the marts, reusing {@code previous}'s township sums of every province-year a form's run did not touch:
     * {@code touched} holds, per form id, the province-years ("2020_32") rebuilt; a form absent from it, or mapped to
     * null, is summed anew whole. The sums are kept in the snapshot per province-year of the facts, so that the next
     * incremental run sums only what it rebuilt and rolls up; the result is the same as summing everything. When
     * {@link MartUpdate} allows, the previous snapshot's marts are updated: only the rebuilt years are rolled up again.
     *
     * @return how the marts were made ({@link MartUpdate#describe})
     */
    public String build(Snapshot snapshot, Snapshot previous, java.util.Map<String, java.util.Set<String>> touched) {
        String version = version();
        java.util.Map<String, java.util.Set<Integer>> years = MartUpdate.years(catalog, version, snapshot, previous, touched);
        MartUpdate.start(snapshot, years == null ? null : previous);
        try (DuckDBConnection c = Duck.openFile(snapshot.martsDatabase())) {
            // Bounded, so that the ETL (Spark's heap and these marts in one process) fits an 8 GiB machine; beyond it
            // DuckDB spills to <marts.duckdb>.tmp beside the database instead of failing.
            Duck.exec(c, "SET memory_limit = " + Duck.literal(memoryLimit()));
            Duck.exec(c, "SET temp_directory = " + Duck.literal(snapshot.martsDatabase() + ".tmp"));
            // Buffer blocks kept by DuckDB for the build once touched, up to the limit, rather than handed back to the
            // system and faulted in afresh by the next statement: half the page faults, national marts 51 → 43 s on
            // a virtual machine. The memory is this database's and is released when it closes.
            Duck.exec(c, "SET block_allocator_memory = " + Duck.literal(memoryLimit()));
            // Strings stored by dictionary, not FSST: the marts' strings (codes, names, levels) repeat, and FSST's
            // analysis cost a quarter of writing indicator_values for a file no smaller (national: 10.8 → 8.2 s)
            Duck.exec(c, "SET disabled_compression_methods = 'fsst'");
            Duck.exec(c, "CREATE TEMP TABLE regions AS SELECT * FROM read_parquet(" + Duck.literal(snapshot.regions()) + ")");
            Duck.exec(c, "CREATE TEMP TABLE crosswalk AS SELECT * FROM read_parquet(" + Duck.literal(snapshot.crosswalk()) + ")");
            // Regions above the unit level, the ones the API names and navigates (45k of the 665k rows); an update
            // has them already (the same hierarchy).
            if (years == null) {
                Duck.exec(c, "CREATE TABLE region_index AS SELECT * EXCLUDE (urban, unit_kind) FROM regions "
                        + "WHERE level <> " + Duck.literal(Level.UNIT.id()) + " ORDER BY code");
            }
            List<String> valueParts = new ArrayList<>();
            List<String> completenessParts = new ArrayList<>();
            java.util.Set<String> prepared = new java.util.HashSet<>();
            for (Form form : catalog.forms()) {
                if (!Snapshot.hasParquet(snapshot.facts(form))) continue;
                String t = form.table();
                java.util.Set<Integer> formYears = years == null ? null : years.get(form.id());
                java.util.Set<String> provinces = prepareForm(c, snapshot, form, previous, touched.get(form.id()), formYears);
                Checkpoints.reach("marts: " + form.id() + " prepared");
                if (formYears != null && formYears.isEmpty()) continue;
                prepared.add(form.id());
                String completeness = "SELECT boundaries, " + Duck.literal(form.id()) + " AS form, level, region_code, year, "
                        + "round(reported_all)::BIGINT AS reported_units, round(expected_all)::BIGINT AS expected_units, "
                        + "region_name, short_name, parent_code, province_code, prefecture_code, county_code FROM " + t + "_wide";
                List<String> values = catalog.indicatorsOf(form).stream().map(i -> indicatorSelect(t, i, form)).toList();
                if (formYears != null) {
                    // an update: the form's rows that its rebuilt province-years feed are replaced (the nation's and
                    // those of the provinces summed anew, in the years rebuilt); every other row stays as it was
                    String scope = MartUpdate.scope(formYears, provinces, false);
                    String numbersScope = MartUpdate.scope(formYears, provinces, true);
                    Duck.exec(c, "DELETE FROM completeness WHERE form = " + Duck.literal(form.id()) + " AND " + scope);
                    Duck.exec(c, "DELETE FROM " + NUMBERS + " WHERE " + numbersScope + " AND indicator IN ("
                            + catalog.indicatorsOf(form).stream().map(i -> Duck.literal(i.id())).collect(Collectors.joining(", ")) + ")");
                    for (String sql : values) Duck.exec(c, "INSERT INTO " + NUMBERS + " SELECT * FROM (" + sql + ") WHERE " + numbersScope);
                    Duck.exec(c, "INSERT INTO completeness SELECT * FROM (" + completeness + ") WHERE " + scope);
                } else {
                    completenessParts.add(completeness);
                    valueParts.addAll(values);
                }
            }
            if (years == null) {
                if (valueParts.isEmpty()) throw new IllegalStateException("snapshot " + snapshot.id() + " has no fact tables");
                // Sorted by what the API filters on, so that a read touches a few row groups: a region's years are
                // adjacent (a trend is one range), and so are the regions under one ancestor. Each form's rows were
                // joined and sorted once (<t>_wide); the indicators follow one another in one statement (the same rows
                // in the same order as one INSERT each, measured ≈ 2 s faster nationally).
                Duck.exec(c, "CREATE TABLE " + NUMBERS + " AS " + String.join(" UNION ALL ", valueParts));
                // The regions' names and ancestors are joined where the values are read: stored with each of the
                // 9.4 M rows, they took two thirds of writing the table (national: 18.1 → 6.1 s). The API's reads
                // through the view: one at a time as long; four at once, a ranking's or a distribution's 95th percentile
                // 6–20 ms longer, a trend's 15–25 ms shorter (docs/BENCHMARKS.md). Answers are cached per snapshot.
                Duck.exec(c, "CREATE VIEW indicator_values AS SELECT v.*, r.name AS region_name, r.short_name, r.parent_code, "
                        + "r.province_code, r.prefecture_code, r.county_code, r.township_code FROM " + NUMBERS
                        + " v JOIN region_index r ON r.code = v.region_code");
                for (int k = 0; k < completenessParts.size(); k++) {
                    Duck.exec(c, (k == 0 ? "CREATE TABLE completeness AS " : "INSERT INTO completeness ") + completenessParts.get(k));
                }
            }
            Checkpoints.reach("marts: indicator values");
            buildRegionStats(c, prepared, years);
            buildOutliers(c, catalog.quality().outliers(), MartUpdate.fromYear(years));
            Checkpoints.reach("marts: outliers");
            Snapshot updated = years == null ? null : previous;
            export(c, NUMBERS, "boundaries, indicator, level, region_code, year, numerator, denominator, value, "
                    + "reported_units, expected_units", snapshot.indicatorValues(), updated == null ? null : updated.indicatorValues(), years);
            export(c, "completeness", "boundaries, form, level, region_code, year, reported_units, expected_units",
                    snapshot.completeness(), updated == null ? null : updated.completeness(), years);
            Checkpoints.reach("marts: parquet written");
            Duck.exec(c, "CHECKPOINT");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        MartUpdate.finish(snapshot, version);
        return MartUpdate.describe(years);
    }

    /**
     * A marts table for researchers' Parquet readers, a file per year in {@code dir}: an update ({@code previousDir}
     * set) writes the years it replaced and takes the previous snapshot's files of the others (hard links).
     */
    private static void export(DuckDBConnection c, String table, String columns, Path dir, Path previousDir,
                               java.util.Map<String, java.util.Set<Integer>> years) {
        String where = "";
        if (previousDir != null) {
            java.util.Set<Integer> replaced = new java.util.TreeSet<>();
            years.values().forEach(replaced::addAll);
            java.util.Set<String> except = replaced.stream().map(String::valueOf).collect(Collectors.toSet());
            SnapshotFiles.linkPartitions(previousDir, dir, except);
            if (replaced.isEmpty()) return;
            where = " WHERE " + MartUpdate.inYears(replaced);
        }
        Duck.exec(c, "COPY (SELECT " + columns + " FROM (" + Boundaries.expanded(table) + ")" + where + ") TO " + Duck.literal(dir)
                + " (FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE true, FILENAME_PATTERN 'data_{i}')");
    }

    /**
     * What the marts are a function of besides the facts and the hierarchy: every sum and ratio this builder writes
     * (the catalog's forms, indicators and quality rules as SQL). An update builds on a previous snapshot's marts only
     * when its version is the same.
     */
    private String version() {
        StringBuilder all = new StringBuilder(MartUpdate.FORMAT).append(GROUPING_SETS).append(catalog.quality());
        for (Form form : catalog.forms()) {
            all.append(form).append(new TownshipSums(catalog, form).version());
            for (Indicator i : catalog.indicatorsOf(form)) all.append(indicatorSelect(form.table(), i, form));
        }
        return Integer.toHexString(all.toString().hashCode());
    }

    /**
     * Values that stand out, flagged for review and never dropped, by the rule of {@code catalog/quality.yaml}: a region
     * far from its siblings (robust z-score on the median and median absolute deviation of the regions with the same
     * parent, at least {@code min_siblings} of them) and a year-over-year change far from the level's usual change that
     * year; |z| above {@code z} is flagged, at the rule's levels, on today's boundaries.
     */
    private static void buildOutliers(DuckDBConnection c, QualityRules.Outliers rule, Integer fromYear) {
        String levels = rule.levels().stream().map(l -> Duck.literal(l.id())).collect(Collectors.joining(", "));
        // An update recomputes the years from the first it replaced: a year's comparisons among siblings depend on that
        // year only, and its changes on the year before (for a region that skipped years, an earlier one).
        if (fromYear != null && fromYear == Integer.MAX_VALUE) return; // an update that replaced no year
        String recent = fromYear == null ? "true" : "year >= " + fromYear;
        if (fromYear != null) Duck.exec(c, "DELETE FROM outliers WHERE " + recent);
        Duck.exec(c, (fromYear == null ? "CREATE TABLE outliers AS " : "INSERT INTO outliers ") + """
                WITH v AS (
                    SELECT indicator, level, region_code, region_name, parent_code, province_code, prefecture_code, year, value,
                           value - lag(value) OVER (PARTITION BY indicator, level, region_code ORDER BY year) AS change,
                           reported_units, expected_units
                    FROM indicator_values
                    WHERE %s AND level IN (%s) AND value IS NOT NULL),
                siblings AS (
                    SELECT *, median(value) OVER g AS reference, count(*) OVER g AS n FROM v WHERE %s
                    WINDOW g AS (PARTITION BY indicator, level, year, parent_code)),
                siblings_spread AS (
                    SELECT *, median(abs(value - reference)) OVER (PARTITION BY indicator, level, year, parent_code) AS mad
                    FROM siblings),
                jumps AS (
                    SELECT *, median(change) OVER (PARTITION BY indicator, level, year) AS usual FROM v
                    WHERE change IS NOT NULL AND %s),
                jumps_spread AS (
                    SELECT *, median(abs(change - usual)) OVER (PARTITION BY indicator, level, year) AS mad FROM jumps)
                SELECT 'siblings' AS kind, indicator, level, region_code, region_name, parent_code, province_code,
                       prefecture_code, year, value, reference, 0.6745 * (value - reference) / mad AS score,
                       reported_units, expected_units
                FROM siblings_spread WHERE n >= %d AND mad > 0 AND abs(0.6745 * (value - reference) / mad) > %s
                UNION ALL
                SELECT 'jump', indicator, level, region_code, region_name, parent_code, province_code, prefecture_code,
                       year, value, value - change, 0.6745 * (change - usual) / mad, reported_units, expected_units
                FROM jumps_spread WHERE mad > 0 AND abs(0.6745 * (change - usual) / mad) > %s
                ORDER BY indicator, level, year, region_code""".formatted(Boundaries.CURRENT.sql("boundaries"), levels, recent,
                recent, rule.minSiblings(), rule.z(), rule.z()));
    }

    /**
     * Population and urban share of each region and year, from the JC-1 returns: what peer groups compare
     * (regions of a level alike in size and urbanisation).
     */
    private void buildRegionStats(DuckDBConnection c, java.util.Set<String> prepared, java.util.Map<String, java.util.Set<Integer>> years) {
        Form unitForm = catalog.forms().stream().filter(f -> prepared.contains(f.id()) && TownshipSums.hasPopulation(f)).findFirst().orElse(null);
        if (years != null) {
            if (unitForm == null) return; // an update that did not touch the unit form: its rows stay as they were
            Duck.exec(c, "DELETE FROM region_stats WHERE " + MartUpdate.inYears(years.get(unitForm.id())));
        } else if (unitForm == null) {
            Duck.exec(c, "CREATE TABLE region_stats (level VARCHAR, region_code VARCHAR, year INTEGER, "
                    + "population DOUBLE, urban_population DOUBLE, units BIGINT)");
            return;
        }
        String t = unitForm.table();
        Duck.exec(c, (years == null ? "CREATE TABLE region_stats AS " : "INSERT INTO region_stats ")
                + "SELECT " + LEVEL + " AS level, " + REGION_CODE + " AS region_code, year, "
                + "sum(population) AS population, coalesce(sum(population) FILTER (WHERE urban), 0) AS urban_population, "
                + "round(sum(units))::BIGINT AS units FROM (" + Boundaries.CURRENT.rows(t + "_township_sums") + ") GROUP BY " + GROUPING_SETS
                + " ORDER BY level, year, region_code");
    }

    /**
     * Builds, for one form, {@code <t>_wide} (every region and year with its counts and sums, {@link RollUp}); for an
     * update, of {@code years} only (none: the township sums are only carried over).
     *
     * @return for an update of some years, the provinces whose township sums changed (before or now); else null
     */
    private java.util.Set<String> prepareForm(DuckDBConnection c, Snapshot snapshot, Form form, Snapshot previous, java.util.Set<String> touched,
                             java.util.Set<Integer> years) {
        String t = form.table();
        String grain = form.grain().id();
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_regions AS SELECT code, urban, province_code, prefecture_code, "
                + "county_code, township_code, valid_from, valid_to FROM regions WHERE administered AND level = " + Duck.literal(grain));
        String openEnd = Integer.toString(grassroots.warehouse.regions.Region.OPEN_END);
        // Codes whose region is not simply today's: ended, recoded, merged or split. Everything else (nearly all) is
        // the same region on both boundaries.
        Duck.exec(c, "CREATE TEMP TABLE " + t + "_changed AS SELECT DISTINCT code FROM " + t + "_regions "
                + "WHERE valid_to <> " + openEnd + " OR code IN (SELECT code FROM crosswalk) OR code IN (SELECT current_code FROM crosswalk)");

        // Summed in two steps: per township (the one pass over the returns, TownshipSums), then the township sums
        // rolled up to every level.
        TownshipSums townships = new TownshipSums(catalog, form);
        boolean reuse = previous != null && touched != null && townships.reusable(previous);
        townships.sumFresh(c, snapshot, reuse ? touched : null);
        java.util.Set<String> provinces = years == null || years.isEmpty() ? null
                : MartUpdate.provincesSummed(c, t + "_fresh_sums", previous.townshipSums(form), touched);
        townships.keep(c, snapshot, previous, reuse ? touched : null, years);
        if (years != null && years.isEmpty()) return null;
        new RollUp(catalog, form).build(c);
        return provinces;
    }

    /** The long-form rows of one indicator, without the regions' names: regions of its population expected or reporting that year. */
    private static String indicatorSelect(String t, Indicator i, Form form) {
        String p = i.population().id();
        String n = col("n", i), d = col("d", i);
        return "SELECT boundaries, " + Duck.literal(i.id()) + " AS indicator, level, region_code, year, "
                + n + " AS numerator, " + d + " AS denominator, "
                + "CASE WHEN " + d + " <> 0 THEN " + i.factor() + " * " + n + " / " + d + " END AS value, "
                // unit counts are whole but for the shares a split township's returns are apportioned in
                + "round(reported_" + p + ")::BIGINT AS reported_units, round(expected_" + p + ")::BIGINT AS expected_units "
                + "FROM " + t + "_wide WHERE expected_" + p + " > 0 OR reported_" + p + " > 0";
    }

    /** An indicator's numerator or denominator column (prefix n or d). */
    static String col(String prefix, Indicator i) {
        return prefix + "_" + i.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
