package grassroots.etl;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** The ETL on a small province in local Spark: row accounting, quarantine, resubmission, and the warehouse it writes. */
class EtlJobTest extends SparkTest {
    static Path returns;

    @BeforeAll
    static void start() {
        returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(
                new SampleGenerator.Options(returns, List.of("64"), 2019, 2020, 20111, SampleGenerator.Headers.ID));
    }

    /** An ETL run whose progress shows its throughput. */
    private static RunReport etlShowingProgress(Path returnsDir, Path warehouse) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        RunReport r = etl(returnsDir, warehouse, progress);
        String printed = progress.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("rows/s"), "progress shows throughput");
        // the run report holds every stage the console announced, in order, with its seconds (what the bench reads)
        assertFalse(r.stages.isEmpty());
        assertEquals(r.stageSeconds.keySet().stream().toList(), r.stages.stream().map(RunReport.StageTiming::name).toList());
        for (RunReport.StageTiming s : r.stages) {
            assertTrue(printed.contains("] " + s.label() + " …"), s.label());
            assertTrue(s.seconds() >= 0, s.name());
        }
        assertEquals(r.stages, RunReport.read(warehouse.resolve("runs").resolve(r.runId + ".json")).stages, "written as reported");
        return r;
    }

    @Test
    void sparkWritesTheSameWarehouseAsAnIndependentLoad() {
        RunReport r = etlShowingProgress(returns, tmp.resolve("clean"));
        assertEquals("published", r.status);
        assertEquals(r.inputRows, r.loadedRows);
        assertEquals(0, r.quarantinedRows + r.supersededRows);
        assertEquals(0, r.warnings, "the sample's names are the division table's");
        assertTrue(Files.exists(tmp.resolve("clean/runs/" + r.runId + ".json")));

        Map<String, Double> spark = indicatorValues(new WarehouseDir(tmp.resolve("clean")));
        Map<String, Double> independent = indicatorValues(SnapshotFixture.fromReturns(returns, tmp.resolve("fixture")));
        assertFalse(spark.isEmpty());
        assertEquals(independent, spark);
    }

    private static Map<String, Double> indicatorValues(WarehouseDir dir) {
        Map<String, Double> out = new TreeMap<>();
        try (Warehouse w = Warehouse.open(dir, catalog)) {
            w.query("SELECT indicator, level, region_code, year, value, reported_units FROM indicator_values "
                    + "WHERE region_code LIKE '64%' OR region_code = 'CN'", List.of(), rs -> out.put(
                    rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3) + "/" + rs.getInt(4) + "/" + rs.getLong(6),
                    rs.getObject(5) == null ? null : Math.round(rs.getDouble(5) * 1e9) / 1e9));
        }
        return out;
    }

    @Test
    void everyRowIsAccountedForAndRejectionsAreExplained() throws IOException {
        Path dir = tmp.resolve("defects");
        org.apache.commons.io.file.PathUtils.copyDirectory(returns, dir);
        List<String> lines = Files.readAllLines(dir.resolve("JC-1/64/JC-1_64_2020.csv"));
        String header = lines.get(0);
        String[] resubmitted = lines.get(1).split(",", -1);
        resubmitted[4] = String.valueOf(Integer.parseInt(resubmitted[4]) + 7); // a corrected population
        String[] unknown = lines.get(2).split(",", -1);
        unknown[0] = "640104999999";
        String[] text = lines.get(3).split(",", -1);
        text[4] = "约三千";
        String[] rule = lines.get(4).split(",", -1);
        rule[3] = String.valueOf(Integer.parseInt(rule[4]) + 1); // more households than people
        Path late = dir.resolve("JC-1/64/JC-1_64_2020_revision.csv");
        Files.writeString(late, header + "\n" + String.join("\n", String.join(",", resubmitted),
                String.join(",", unknown), String.join(",", text), String.join(",", rule)) + "\n");
        Files.setLastModifiedTime(late, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.writeString(dir.resolve("empty.csv"), "");
        Files.writeString(dir.resolve("notes.csv"), "说明,备注\n这不是报表,x\n");

        RunReport r = etlShowingProgress(dir, tmp.resolve("wh-defects"));
        assertEquals(r.inputRows, r.loadedRows + r.quarantinedRows + r.supersededRows);
        assertEquals(3, r.quarantinedRows);
        assertEquals(1, r.supersededRows, "the earlier revision of the resubmitted unit");
        assertEquals(2, r.brokenFiles);
        for (RunReport.FileReport f : r.files) assertTrue(f.adds(), f.file);
        RunReport.FileReport lateReport = r.files.stream().filter(f -> f.file.endsWith("_revision.csv")).findFirst().orElseThrow();
        assertEquals(4, lateReport.inputRows);
        assertEquals(1, lateReport.loadedRows);
        assertEquals(3, lateReport.quarantinedRows);
        assertTrue(r.files.stream().anyMatch(f -> f.file.endsWith("empty.csv") && f.problemEn.contains("empty")));
        assertTrue(r.files.stream().anyMatch(f -> f.file.endsWith("notes.csv") && f.problemZh.contains("表头")));
        assertEquals(r.quarantinedRows, RunReport.read(tmp.resolve("wh-defects/runs/" + r.runId + ".json")).quarantinedRows);

        try (Warehouse w = Warehouse.open(new WarehouseDir(tmp.resolve("wh-defects")), catalog)) {
            List<String> problems = new ArrayList<>();
            Map<Long, String> records = new TreeMap<>();
            w.query("SELECT source_row, rule, field, value, message_zh, message_en, record FROM quarantine ORDER BY source_row",
                    List.of(), rs -> {
                        assertFalse(rs.getString(5).isBlank());
                        assertFalse(rs.getString(6).isBlank());
                        records.put(rs.getLong(1), rs.getString(7));
                        problems.add(rs.getLong(1) + ":" + rs.getString(2));
                    });
            assertEquals(List.of("3:unit_code.unknown", "4:population.type", "5:households_le_population"), problems);
            // a row whose cell did not read is kept exactly as typed: every field, in the form's order, as text
            Map<String, String> typed = new LinkedHashMap<>();
            String[] columns = header.split(",", -1);
            for (int i = 0; i < columns.length; i++) typed.put(columns[i], text[i]);
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(json.valueToTree(typed), json.readTree(records.get(4L)), "the record of the row with text in a number");
            assertEquals(List.copyOf(typed.keySet()), List.copyOf(json.readValue(records.get(4L), LinkedHashMap.class).keySet()));
            assertTrue(records.get(5L).contains("\"households\":"), "a row that broke a rule keeps its typed values: " + records.get(5L));
            long[] population = new long[1];
            w.query("SELECT population FROM jc1 WHERE unit_code = ? AND year = 2020", List.of(resubmitted[0]),
                    rs -> population[0] = rs.getLong(1));
            assertEquals(Long.parseLong(resubmitted[4]), population[0], "the later revision is the one loaded");
            long[] history = new long[1];
            w.query("SELECT count(*) FROM jc1_history WHERE unit_code = ?",
                    List.of(resubmitted[0]), rs -> history[0] = rs.getLong(1));
            assertEquals(1, history[0], "the superseded revision stays queryable");
        }
    }


    /**
     * The form's revision fields outrank the order files came in: a return numbered revision 3, sent first, stays
     * loaded when revision 2 of the same unit and year arrives later (and further down its file).
     */
    @Test
    void aHigherRevisionNumberWinsOverALaterFile() throws IOException {
        Path dir = tmp.resolve("numbered");
        org.apache.commons.io.file.PathUtils.copyDirectory(returns, dir);
        Path original = dir.resolve("JC-1/64/JC-1_64_2020.csv");
        List<String> lines = Files.readAllLines(original);
        String header = lines.get(0);
        int revision = List.of(header.split(",")).indexOf("revision"), population = List.of(header.split(",")).indexOf("population");
        String[] row = lines.get(1).split(",", -1);
        Path third = dir.resolve("JC-1/64/JC-1_64_2020_r3.csv"), second = dir.resolve("JC-1/64/JC-1_64_2020_r2.csv");
        row[revision] = "3";
        row[population] = String.valueOf(Long.parseLong(row[population]) + 3);
        Files.writeString(third, header + "\n" + String.join(",", row) + "\n");
        String loaded = row[population];
        row[revision] = "2";
        row[population] = String.valueOf(Long.parseLong(row[population]) + 6);
        Files.writeString(second, header + "\n" + String.join(",", row) + "\n");
        Files.setLastModifiedTime(third, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.setLastModifiedTime(second, FileTime.fromMillis(System.currentTimeMillis() + 120_000));

        RunReport r = etl(dir, tmp.resolve("wh-numbered"), new ByteArrayOutputStream());
        assertEquals(2, r.supersededRows, "the original and revision 2");
        try (Warehouse w = Warehouse.open(new WarehouseDir(tmp.resolve("wh-numbered")), catalog)) {
            List<String> jc1 = new ArrayList<>();
            w.query("SELECT revision, population FROM jc1 WHERE unit_code = ? AND year = 2020", List.of(row[0]),
                    rs -> jc1.add(rs.getInt(1) + ":" + rs.getLong(2)));
            assertEquals(List.of("3:" + loaded), jc1);
            List<String> history = new ArrayList<>();
            w.query("SELECT revision, superseded_by_file FROM jc1_history WHERE unit_code = ? ORDER BY revision NULLS FIRST",
                    List.of(row[0]), rs -> history.add(rs.getObject(1) + ":" + rs.getString(2)));
            assertEquals(List.of("null:JC-1/64/JC-1_64_2020_r3.csv", "2:JC-1/64/JC-1_64_2020_r3.csv"), history);
        }
    }
}
