package grassroots.etl;

import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.ReturnWriter;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Returns as county bureaus send them — every format and every fault — through the ETL on real Spark. */
class ReturnsAsTheyArriveTest extends SparkTest {

    static void assertAccounted(RunReport r) {
        assertEquals(r.inputRows, r.loadedRows + r.quarantinedRows + r.supersededRows);
        for (RunReport.FileReport f : r.files) assertTrue(f.adds(), f.file);
    }

    static long count(Path warehouse, String sql) {
        long[] n = new long[1];
        try (Warehouse w = Warehouse.open(new WarehouseDir(warehouse), catalog)) {
            w.query(sql, List.of(), rs -> n[0] = rs.getLong(1));
        }
        return n[0];
    }

    @Test
    void everyFormatAndFaultIsReadAccountedAndExplained() throws Exception {
        Path returns = tmp.resolve("faults");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(returns, List.of("64"),
                2019, 2021, 17, SampleGenerator.Headers.ID,
                List.of(ReturnWriter.Format.CSV, ReturnWriter.Format.GB18030, ReturnWriter.Format.XLSX), 0.03));
        RunReport r = etl(returns, tmp.resolve("wh-faults"));
        assertAccounted(r);
        assertEquals(3, r.brokenFiles, "the truncated, the empty and the wrong-form file");
        for (String rule : List.of("unit_code.unknown", "population.type", "grid_staffed_le_total", "no_station_no_staff")) {
            assertTrue(r.quarantineByRule.getOrDefault(rule, 0L) > 0, rule + " in " + r.quarantineByRule);
        }
        assertTrue(r.warnings > 0, "renamed units are warned about, not rejected");
        assertTrue(r.supersededRows > 0, "duplicates and revised rows are superseded");

        // every format was read: each main file loaded rows
        List<String> kinds = new ArrayList<>();
        for (RunReport.FileReport f : r.files) {
            if (f.problemEn != null || f.file.contains("修订")) continue;
            assertTrue(f.loadedRows > 0, f.file);
            kinds.add(f.file.endsWith(".xlsx") ? "xlsx" : isGb18030(returns.resolve(f.file)) ? "gb18030" : "csv");
        }
        assertTrue(kinds.containsAll(List.of("csv", "gb18030", "xlsx")), kinds.toString());

        // a resubmitted revision replaces the original: every row of the revision files is the one loaded
        long revisions = 0;
        try (Stream<Path> files = Files.walk(returns)) {
            for (Path f : files.filter(p -> p.toString().contains("JC-1") && p.toString().endsWith("修订.csv")).toList()) {
                revisions += Files.readAllLines(f).size() - 1;
            }
        }
        assertTrue(revisions > 0);
        assertEquals(revisions, count(tmp.resolve("wh-faults"), "SELECT count(*) FROM jc1 WHERE revision = 2"));
        RunReport.FileReport truncated = r.files.stream().filter(f -> f.file.contains("截断")).findFirst().orElseThrow();
        assertNotNull(truncated.problemZh);
        assertEquals(0, truncated.inputRows, "a broken file is reported whole, none of its rows loaded");
    }

    static boolean isGb18030(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return !new String(bytes, StandardCharsets.UTF_8).contains("统计用区划代码")
                && new String(bytes, Charset.forName("GB18030")).contains("统计用区划代码");
    }

    @Test
    void numbersAsPeopleTypeThemAndTitleLinesAreRead() throws Exception {
        Path dir = tmp.resolve("typed");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("bureau.csv"), "\uFEFF村(居)民委员会基本情况年报\r\n填报单位：银川市兴庆区民政局\r\n"
                + "年份,统计用区划代码,户数,常住人口,是否建有综合服务设施,综合服务设施面积(平方米),是否建立协商议事机构,"
                + "是否制定居民公约/村规民约,是否建立居(村)务监督委员会,本年是否换届选举,备注\r\n"
                + "2020 ,640104001002,\"1,234\",３０００,是,800,否,是,是,否,新建\r\n", StandardCharsets.UTF_8);
        RunReport r = etl(dir, tmp.resolve("wh-typed"));
        assertAccounted(r);
        assertEquals(1, r.loadedRows, r.quarantineByRule.toString());
        assertEquals(List.of("备注"), r.files.get(0).ignoredColumns, "extra columns are ignored and reported");
        assertEquals(3000, count(tmp.resolve("wh-typed"), "SELECT population FROM jc1"));
        assertEquals(1234, count(tmp.resolve("wh-typed"), "SELECT households FROM jc1"));
        assertEquals(4, count(tmp.resolve("wh-typed"), "SELECT source_row FROM jc1"), "the row number a person sees");
    }

    @Test
    void aCodeIsAcceptedOnlyInTheYearsItWasValid() throws Exception {
        Path dir = tmp.resolve("years");
        Files.createDirectories(dir);
        String header = String.join(",", catalog.form("JC-1").fieldIds());
        String row = ",x,%d,100,300,0,0,0,0,0,1,1,1,0,0,0,0,,,0,,\n";
        // 洪泽县's code 320829… was valid until 2016; 洪泽区's 320813… from 2017
        Files.writeString(dir.resolve("jc1.csv"), header + "\n"
                + "320829001001" + String.format(row, 2016) + "320829001001" + String.format(row, 2018)
                + "320813001001" + String.format(row, 2018) + "320813001001" + String.format(row, 2015));
        RunReport r = etl(dir, tmp.resolve("wh-years"));
        assertAccounted(r);
        assertEquals(2, r.loadedRows);
        assertEquals(2L, r.quarantineByRule.get("unit_code.unknown"));
    }

    /** A batch with nothing loadable is not published, for that reason alone; its report still accounts for every row. */
    @Test
    void aBatchWithNothingLoadableIsNotPublished() throws Exception {
        Path dir = tmp.resolve("nothing");
        Files.createDirectories(dir);
        String header = String.join(",", catalog.form("JC-1").fieldIds());
        Files.writeString(dir.resolve("jc1.csv"), header + "\n999999999999,x,2019,abc,300,0,0,0,0,0,1,1,1,0,0,0,0,,,0,,\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> etl(dir, tmp.resolve("wh-nothing")));
        assertEquals("no row could be loaded; nothing to publish", e.getMessage());
        RunReport r;
        try (Stream<Path> reports = Files.list(tmp.resolve("wh-nothing/runs"))) {
            r = RunReport.read(reports.findFirst().orElseThrow());
        }
        assertEquals("failed", r.status);
        assertEquals(1, r.inputRows);
        assertAccounted(r);
        assertFalse(Files.exists(tmp.resolve("wh-nothing/CURRENT")), "nothing was published");
    }

    /** Random damage to valid files: whatever happens, nothing is lost and the run explains itself. */
    @Test
    void accountingHoldsOnAFuzzedBatch() throws Exception {
        Path returns = tmp.resolve("fuzz");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(returns, List.of("64"),
                2018, 2021, 23, SampleGenerator.Headers.ID));
        Random random = new Random(42);
        List<Path> files;
        try (Stream<Path> s = Files.walk(returns)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            List<String> lines = new ArrayList<>(Files.readAllLines(f));
            for (int i = 0; i < 60; i++) {
                int at = 1 + random.nextInt(lines.size() - 1);
                String[] cells = lines.get(at).split(",", -1);
                switch (random.nextInt(6)) {
                    case 0 -> cells[random.nextInt(cells.length)] = "";
                    case 1 -> cells[random.nextInt(cells.length)] = "#" + random.nextInt(1000);
                    case 2 -> cells[random.nextInt(cells.length)] = String.valueOf(-random.nextInt(100));
                    case 3 -> {
                        // an unbalanced quote breaks the rest of a CSV: the file is then rejected whole
                        if (random.nextInt(8) == 0) cells[random.nextInt(cells.length)] = "\"unclosed";
                    }
                    case 4 -> lines.add(at, lines.get(at));
                    default -> cells = java.util.Arrays.copyOf(cells, random.nextInt(cells.length));
                }
                if (at < lines.size()) lines.set(at, String.join(",", cells));
            }
            Files.writeString(f, String.join("\n", lines) + "\n");
        }
        // 60 damaged lines in files of thousands leave plenty to load, so the run must publish: any exception, before or
        // after the accounting (the marts, the switch), fails this test
        RunReport r = etl(returns, tmp.resolve("wh-fuzz"));
        assertEquals("published", r.status);
        assertTrue(r.loadedRows > 0);
        assertEquals(Path.of(r.snapshot).getFileName().toString(),
                Files.readString(tmp.resolve("wh-fuzz/CURRENT")).strip(), "the fuzzed batch is the snapshot readers use");
        assertAccounted(r);
        assertTrue(r.quarantinedRows > 0 && r.brokenFiles > 0, r.quarantineByRule + ", broken " + r.brokenFiles);
        for (RunReport.FileReport f : r.files) {
            if (f.problemEn != null) assertFalse(f.problemZh.isBlank(), "a broken file says why, in Chinese too");
        }
    }
}
