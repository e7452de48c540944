package grassroots.warehouse.query;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.SqlCommand;
import grassroots.warehouse.store.Snapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The allow-list against what researchers write and what an attacker writes, through the CLI's path (the workbench
 * answering as CSV) over a real snapshot: every legitimate query returns rows; every hostile one is refused before it
 * runs, naming the function or table, and the process and the snapshot are unharmed.
 */
class WorkbenchAllowListTest {
    static final String LEGITIMATE = "/sandbox/legitimate-queries.sql";
    static final String HOSTILE = "/sandbox/hostile-queries.sql";
    private static final Pattern EXPECT = Pattern.compile("(?m)^-- expect: (.+)$");

    static Snapshot snapshot;
    static Workbench bench;
    static List<String> before;

    @BeforeAll
    static void open() {
        snapshot = SandboxFixture.snapshot();
        before = SandboxFixture.listing(snapshot.dir());
        bench = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(20, "512MB", 1));
    }

    @AfterAll
    static void close() {
        bench.close();
        assertEquals(before, SandboxFixture.listing(snapshot.dir()), "nothing was written inside the snapshot");
        assertFalse(Files.exists(Path.of("/tmp/grassroots-escape.csv")));
        assertFalse(Files.exists(Path.of("/tmp/grassroots-escape-log")));
    }

    static List<String> legitimate() {
        return SandboxFixture.blocks(LEGITIMATE);
    }

    static List<String> hostile() {
        return SandboxFixture.blocks(HOSTILE);
    }

    @Test
    void theListsAreLongEnough() {
        assertTrue(legitimate().size() >= 30, "at least 30 legitimate queries: " + legitimate().size());
        assertTrue(hostile().size() >= 30, "at least 30 hostile queries: " + hostile().size());
    }

    @ParameterizedTest
    @MethodSource("legitimate")
    void legitimateQueriesReturnRows(String sql) throws Exception {
        StringBuilder csv = new StringBuilder();
        Workbench.Answer answer = SqlCommand.csv(bench, sql, 1000, csv);
        assertTrue(answer.rows() > 0, "no rows from:\n" + sql);
        assertTrue(csv.toString().lines().count() > 1, "the CSV has a header and rows: " + csv);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileQueriesAreRefusedByName(String block) {
        Matcher m = EXPECT.matcher(block);
        assertTrue(m.find(), "a hostile block names what it expects: " + block);
        String expected = m.group(1).strip();
        String sql = block.replace("SNAPSHOT", snapshot.dir().toAbsolutePath().toString());
        Workbench.Refused e = assertThrows(Workbench.Refused.class, () -> bench.validateOnly(sql), sql);
        assertTrue(e.text().en().contains(expected), "the refusal names " + expected + ": " + e.text().en());
        assertFalse(e.text().zh().isBlank());
        // running it is refused the same way, and the process and the workbench still answer afterwards
        assertThrows(Workbench.Refused.class, () -> bench.run(sql, 10, ignore()));
        assertEquals(1, bench.answer("SELECT count(*) FROM jc1", 10, ignore()).rows(), "still healthy after: " + sql);
    }

    @Test
    void csvCellsCannotBecomeFormulasAndNumbersStayNumbers() throws Exception {
        StringBuilder csv = new StringBuilder();
        SqlCommand.csv(bench, "SELECT unit_name, -population AS negative, '-1' AS text_minus, '@x' AS \"=header\" FROM jc1 "
                + "WHERE unit_name LIKE '=HYPERLINK%'", 10, csv);
        List<String> lines = csv.toString().lines().toList();
        assertEquals("unit_name,negative,text_minus,'=header", lines.get(0));
        assertEquals(2, lines.size(), csv.toString());
        String row = lines.get(1);
        assertTrue(row.startsWith("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), row);
        assertTrue(row.matches(".*,-\\d+,'-1,'@x$"), "a negative number stays a number, text is neutralised: " + row);
    }

    @Test
    void aRegionScopedWorkbenchCannotReachAroundItsViews() {
        try (Workbench scoped = Workbench.open(snapshot, Catalog.standard(), new Workbench.Limits(20, "256MB", 1),
                new grassroots.warehouse.store.RowScope("6401"))) {
            StringBuilder csv = new StringBuilder();
            assertDoesNotThrow(() -> SqlCommand.csv(scoped, "SELECT DISTINCT left(unit_code, 4) AS prefecture FROM jc1", 100, csv));
            assertEquals(List.of("prefecture", "6401"), csv.toString().lines().toList());
            for (String around : List.of("SELECT * FROM marts.indicator_values", "SELECT * FROM marts.main.region_stats",
                    "SELECT * FROM read_parquet('" + snapshot.dir().toAbsolutePath() + "/**/*.parquet')",
                    "SELECT * FROM query_table('indicator_values')")) {
                assertThrows(Workbench.Refused.class, () -> scoped.validateOnly(around), around);
            }
        }
    }

    static Workbench.Sink ignore() {
        return new Workbench.Sink() {
            public void columns(List<Workbench.Column> columns) {}

            public void row(Object[] values) {}
        };
    }
}
