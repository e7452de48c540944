package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Researchers' SQL cannot harm the server or read what it should not: every attack is refused or stopped. */
class WorkbenchSandboxTest {
    @TempDir
    static Path tmp;
    static Snapshot snapshot;
    static Workbench bench;

    @BeforeAll
    static void open() throws Exception {
        snapshot = SandboxFixture.snapshot();
        Files.writeString(tmp.resolve("secret.csv"), "secret\n42\n");
        bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(2, "256MB", 1));
    }

    @AfterAll
    static void close() {
        bench.close();
    }

    static List<Object[]> rows(String sql, int max) {
        List<Object[]> rows = new ArrayList<>();
        bench.run(sql, max, new Workbench.Sink() {
            public void columns(List<Workbench.Column> columns) {}
            public void row(Object[] values) { rows.add(values); }
        });
        return rows;
    }

    @Test
    void answersReadOnlyQueriesOverTheViews() {
        List<Object[]> rows = rows("SELECT level, count(*) FROM regions WHERE valid_to = 9999 GROUP BY level ORDER BY count(*) DESC;", 100);
        assertEquals("unit", rows.get(0)[0]);
        assertEquals(620_573L, ((Number) rows.get(0)[1]).longValue());
        List<Object[]> ordered = rows("SELECT unit_code FROM jc1 ORDER BY unit_code DESC", 3);
        assertEquals(3, ordered.size());
        assertTrue(((String) ordered.get(0)[0]).compareTo((String) ordered.get(1)[0]) > 0, "order survives the row cap");
        boolean[] truncated = {bench.run("SELECT * FROM jc1", 10, new Workbench.Sink() {
            public void columns(List<Workbench.Column> c) {}
            public void row(Object[] v) {}
        })};
        assertTrue(truncated[0], "results are capped");
        grassroots.warehouse.catalog.Catalog catalog = grassroots.warehouse.catalog.Catalog.standard();
        assertEquals(catalog.indicators().size(), rows("SELECT * FROM indicators", 100).size());
        assertEquals(catalog.indicators().stream().filter(i -> i.share()).count(),
                rows("SELECT id FROM indicators WHERE share AND direction = 'higher_is_better'", 100).size()
                        + rows("SELECT id FROM indicators WHERE share AND direction = 'lower_is_better'", 100).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COPY (SELECT 1) TO '/tmp/grassroots-escape.csv'",
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM read_text('/etc/passwd')",
            "SELECT * FROM glob('/etc/*')",
            "SELECT getenv('HOME')",
            "ATTACH '/tmp/grassroots-escape.duckdb' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET threads = 8",
            "RESET memory_limit",
            "PRAGMA database_list",
            "SELECT 1; DROP VIEW jc1",
            "CREATE TABLE t AS SELECT 1",
            "DROP VIEW jc1",
            "INSERT INTO jc1 SELECT * FROM jc1",
            "CREATE TEMP TABLE t AS SELECT 1",
            "SELECT * FROM query('DROP VIEW jc1')",
            "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t",
            "SELECT count(*) FROM range(1000000000) a, range(1000000000) b",
    })
    void refusesOrStops(String attack) {
        assertThrows(Workbench.Refused.class, () -> rows(attack, 10), attack);
        assertEquals(1, rows("SELECT count(*) FROM jc1", 1).size(), "still healthy after: " + attack);
    }

    @Test
    void cannotReadOutsideTheSnapshot() {
        String secret = tmp.resolve("secret.csv").toAbsolutePath().toString();
        assertThrows(Workbench.Refused.class, () -> rows("SELECT * FROM read_csv('" + secret + "')", 10));
        String escape = snapshot.dir().toAbsolutePath() + "/../../secret.csv";
        assertThrows(Workbench.Refused.class, () -> rows("SELECT * FROM read_csv('" + escape + "')", 10));
        assertFalse(Files.exists(Path.of("/tmp/grassroots-escape.csv")));
    }

    @Test
    void refusalsSayWhyInBothLanguages() {
        Workbench.Refused e = assertThrows(Workbench.Refused.class, () -> rows("DELETE FROM jc1", 1));
        assertTrue(e.text().zh().contains("只允许"), e.text().zh());
        assertTrue(e.text().en().contains("read-only"), e.text().en());
        e = assertThrows(Workbench.Refused.class, () -> rows("SELECT count(*) FROM range(1000000000) a, range(1000000000) b", 1));
        assertTrue(e.text().en().contains("stopped") || e.text().en().contains("failed"), e.text().en());
        e = assertThrows(Workbench.Refused.class, () -> rows("SELEC 1", 1));
        assertTrue(e.text().en().contains("syntax"), e.text().en());
        e = assertThrows(Workbench.Refused.class, () -> rows("SELECT *\nFROM no_such_view", 1));
        assertTrue(e.text().en().startsWith("cannot read no_such_view"), e.text().en());
        e = assertThrows(Workbench.Refused.class, () -> rows("SELECT 1\nFROM jc1 WHERE no_such_column = 1", 1));
        assertTrue(e.text().en().startsWith("the query failed: Binder Error"), e.text().en());
        assertTrue(e.text().en().contains("LINE 2"), "line numbers are the user's: " + e.text().en());
    }
}
