package grassroots.warehouse.query.sandbox;

import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The function classification covers this DuckDB: a function nobody classified fails the build (e.g. after an upgrade). */
class FunctionPolicyTest {
    static Set<String> listedByDuckDb() throws Exception {
        Set<String> listed = new TreeSet<>();
        try (DuckDBConnection c = Duck.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT function_name, function_type FROM duckdb_functions()")) {
            while (rs.next()) listed.add(rs.getString(1) + "\t" + rs.getString(2));
        }
        return listed;
    }

    @Test
    void everyFunctionDuckDbListsIsClassified() throws Exception {
        Set<String> classified = FunctionPolicy.standard().entries().stream().map(e -> e.name() + "\t" + e.type())
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(listedByDuckDb());
        missing.removeAll(classified);
        assertEquals(Set.of(), missing, "classify these in " + FunctionPolicy.RESOURCE + " (name, type, allowed|denied, reason)");
    }

    @Test
    void theClassificationListsNothingDuckDbDoesNotHave() throws Exception {
        Set<String> listed = listedByDuckDb();
        Set<String> stale = FunctionPolicy.standard().entries().stream().filter(e -> !e.type().equals("special"))
                .map(e -> e.name() + "\t" + e.type()).filter(k -> !listed.contains(k)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), stale, "rows for functions this DuckDB no longer has");
    }

    @Test
    void onlyHarmlessTableFunctionsAreAllowed() {
        Set<String> allowedTables = FunctionPolicy.standard().entries().stream()
                .filter(e -> e.allowed() && (e.type().equals("table") || e.type().equals("table_macro") || e.type().equals("pragma")))
                .map(FunctionPolicy.Entry::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("generate_series", "icu_calendar_names", "json_each", "json_tree", "pg_timezone_names",
                "range", "repeat", "repeat_row", "unnest")), allowedTables);
    }

    @Test
    void familiesAreDenied() {
        FunctionPolicy p = FunctionPolicy.standard();
        for (FunctionPolicy.Entry e : p.entries()) {
            String n = e.name();
            boolean family = n.startsWith("read_") || n.startsWith("parquet_") || n.startsWith("duckdb_") || n.startsWith("pragma_")
                    || n.contains("logging") || n.contains("log_") || n.contains("secret") || n.contains("setting")
                    || n.contains("checkpoint") || n.startsWith("__internal") || n.startsWith("pg_get_");
            if (family) assertFalse(e.allowed(), n + " " + e.type() + " belongs to a denied family");
        }
        for (String n : new String[]{"glob", "query", "query_table", "getenv", "getvariable", "current_setting", "which_secret",
                "sniff_csv", "json_serialize_plan", "current_query", "enable_logging", "write_log", "sleep_ms"}) {
            assertNotNull(p.refusalInExpression(n), n);
            assertNotNull(p.refusalAsTable(n), n);
        }
        for (String n : new String[]{"quantile_cont", "corr", "regr_slope", "list_transform", "regexp_extract", "struct_pack",
                "row_number", "lag", "date_trunc", "nullif", "unnest", "median", "string_agg"}) {
            assertNull(p.refusalInExpression(n), n);
        }
        assertNotNull(p.refusalInExpression("no_such_function"), "an unknown name is refused");
    }
}
