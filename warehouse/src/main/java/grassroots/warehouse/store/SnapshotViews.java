package grassroots.warehouse.store;

import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Boundaries;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The stable, documented names a snapshot is read by, for the API and for researchers' SQL alike. They are views, so
 * nothing is copied: Parquet files and the marts database are read where they lie.
 */
public final class SnapshotViews {
    private SnapshotViews() {}

    /** A view and what it holds. */
    public record View(String name, Text description) {}

    /** Creates the views on {@code c} (which then reads only the snapshot's directory) and returns their list. */
    public static List<View> create(Connection c, Snapshot snapshot, Catalog catalog) {
        return create(c, snapshot, catalog, RowScope.NATION);
    }

    /**
     * The views as a user of {@code scope} sees them: every view that holds regions or units keeps only the rows inside
     * the scope (the region and everything under it, by code prefix), so that no SQL over them reaches other rows.
     */
    public static List<View> create(Connection c, Snapshot snapshot, Catalog catalog, RowScope scope) {
        List<View> views = new ArrayList<>();
        Duck.exec(c, "ATTACH " + Duck.literal(snapshot.martsDatabase()) + " AS marts (READ_ONLY)");
        view(c, views, "regions", "SELECT * FROM read_parquet(" + Duck.literal(snapshot.regions()) + ")" + scope.where("code"),
                Text.of("全部区划(全国至村级)：名称、层级、上级及各级祖先代码、城乡类型、有效年份",
                        "every region (nation to unit): name, level, parent and ancestor codes, urban/rural type, validity years"));
        view(c, views, "crosswalk", "SELECT * FROM read_parquet(" + Duck.literal(snapshot.crosswalk()) + ")"
                        + scope.where("code", "current_code"),
                Text.of("区划代码变更对照：旧代码在哪些年份对应今天的哪个代码(拆分时带权重)",
                        "code changes: which of today's codes an older code stood for, in which years (with weights for splits)"));
        for (Form form : catalog.forms()) {
            if (!Snapshot.hasParquet(snapshot.facts(form))) continue;
            String inScope = scope.whereFacts(form.regionField());
            view(c, views, form.table(), "SELECT * FROM " + Snapshot.readFacts(snapshot.facts(form)) + inScope,
                    Text.of(form.id() + " " + form.name().zh() + "：已入库的报表行(每个" + form.grain().label().zh() + "每年一行)及来源文件和行号",
                            form.id() + " " + form.name().en() + ": accepted returns, one row per " + form.grain().id()
                                    + " and year, with source file and row"));
            // a run that replaced nothing writes no history file; the documented view exists all the same
            String history = parquetOr(snapshot.history(form), "SELECT *, NULL::VARCHAR AS superseded_by_file, "
                    + "NULL::BIGINT AS superseded_by_row FROM " + Snapshot.readFacts(snapshot.facts(form)) + " WHERE false");
            view(c, views, form.table() + "_history", "SELECT * FROM (" + history + ")" + scope.where(form.regionField()),
                    Text.of(form.id() + " 被后续修订替代的报表行", form.id() + " rows replaced by a later revision"));
        }
        // A snapshot whose run rejected nothing may have no quarantine files; the view exists all the same.
        String rejection = "NULL::VARCHAR AS form, NULL::VARCHAR AS source_file, NULL::BIGINT AS source_row, "
                + "NULL::VARCHAR AS region_code, NULL::INTEGER AS year, NULL::VARCHAR AS field, NULL::VARCHAR AS rule, "
                + "NULL::VARCHAR AS value, ";
        String quarantine = parquetOr(snapshot.quarantine(), "SELECT * FROM (SELECT " + rejection
                + "NULL::VARCHAR AS message_zh, NULL::VARCHAR AS message_en, NULL::VARCHAR AS record) WHERE false");
        view(c, views, "quarantine", "SELECT * FROM (" + quarantine + ")" + scope.where("region_code"),
                Text.of("被拒收的报表行：文件、行号、字段、规则、原值、中英文原因及原始记录",
                        "rejected rows: file, row, field, rule, value, reason in Chinese and English, and the record"));
        String warnings = parquetOr(snapshot.warnings(), "SELECT * FROM (SELECT " + rejection
                + "NULL::VARCHAR AS expected, NULL::VARCHAR AS message_zh, NULL::VARCHAR AS message_en) WHERE false");
        view(c, views, "warnings", "SELECT * FROM (" + warnings + ")" + scope.where("region_code"),
                Text.of("已入库但有警告的报表行(如单位名称与区划代码表不一致)", "loaded rows with a warning (e.g. a name that differs from the division table)"));
        view(c, views, "indicator_values", "SELECT * FROM (" + Boundaries.expanded("marts.indicator_values") + ")" + scope.where("region_code"),
                Text.of("各指标在全国至乡级各区划各年份的值，含分子、分母、应报和实报单位数；boundaries 为 current(按今天的区划) 或 reported(按当年上报的代码)",
                        "every indicator for every region (nation to township) and year: value, numerator, denominator, reported and expected units; "
                                + "boundaries is current (today's regions) or reported (the codes as reported that year)"));
        view(c, views, "completeness", "SELECT * FROM (" + Boundaries.expanded("marts.completeness") + ")" + scope.where("region_code"),
                Text.of("各报表在各区划各年份的应报、实报单位数", "reported vs expected returns per form, region and year"));
        // snapshots from before the outlier checks have no such table
        if (martsHave(c, "outliers")) view(c, views, "outliers", "SELECT * FROM marts.outliers" + scope.where("region_code"),
                Text.of("离群值(仅标记，不剔除)：与同级兄弟地区相比(稳健z分数)或同比变化异常的数值",
                        "outliers (flagged, not dropped): values far from their siblings' (robust z-score) or with an unusual year-over-year change"));
        view(c, views, "region_stats", "SELECT * FROM marts.region_stats" + scope.where("region_code"),
                Text.of("各区划各年份的常住人口和城镇人口(来自JC-1)", "population and urban population per region and year (from JC-1)"));
        view(c, views, "indicators", indicatorsTable(catalog),
                Text.of("指标目录：名称、分子、分母、系数、单位", "the indicator catalog: names, numerator, denominator, factor, unit"));
        return views;
    }

    /** A Parquet directory's rows, or {@code empty} (the same columns, no rows) where a run wrote no file into it. */
    private static String parquetOr(java.nio.file.Path dir, String empty) {
        return Snapshot.hasParquet(dir) ? "SELECT * FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(dir)) + ")" : empty;
    }

    private static boolean martsHave(Connection c, String table) {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() "
                + "WHERE database_name = 'marts' AND table_name = " + Duck.literal(table))) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
    }

    private static void view(Connection c, List<View> views, String name, String select, Text description) {
        Duck.exec(c, "CREATE VIEW " + name + " AS " + select);
        views.add(new View(name, description));
    }

    private static String indicatorsTable(Catalog catalog) {
        List<String> rows = new ArrayList<>();
        for (Indicator i : catalog.indicators()) {
            rows.add("(" + String.join(", ", Duck.literal(i.id()), Duck.literal(i.name().zh()), Duck.literal(i.name().en()),
                    Duck.literal(i.form()), Duck.literal(i.population().id()), i.filter() == null ? "NULL" : Duck.literal(i.filter()),
                    Duck.literal(i.numerator()), Duck.literal(i.denominator()), Double.toString(i.factor()),
                    Duck.literal(i.unit().zh()), Duck.literal(i.unit().en()), Boolean.toString(i.share()),
                    Integer.toString(i.decimals()), Duck.literal(i.direction().id())) + ")");
        }
        return "SELECT * FROM (VALUES " + String.join(", ", rows) + ") AS t(id, name_zh, name_en, form, population, "
                + "filter, numerator, denominator, factor, unit_zh, unit_en, share, decimals, direction)";
    }

    /**
     * Confines a database to the snapshot: no file outside it, no network, no extensions, and settings that can no
     * longer be changed (STACK-NOTES: DuckDB sandbox). Call after the views exist.
     */
    public static void lockDown(Connection c, Snapshot snapshot, String memoryLimit, int threads) {
        Duck.exec(c, "SET allowed_directories = [" + Duck.literal(snapshot.dir().toAbsolutePath() + "/") + "]");
        Duck.exec(c, "SET enable_external_access = false");
        Duck.exec(c, "SET autoinstall_known_extensions = false");
        Duck.exec(c, "SET autoload_known_extensions = false");
        Duck.exec(c, "SET memory_limit = " + Duck.literal(memoryLimit));
        Duck.exec(c, "SET threads = " + threads);
        Duck.exec(c, "SET lock_configuration = true");
    }
}
