package grassroots.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The bench's report: its table, its section in BENCHMARKS.md, and the ETL stages it reads from the ETL's output. */
class ReportTest {
    @TempDir
    Path tmp;

    private static Report report(String scale, String etlTime) {
        Report r = new Report(scale);
        r.context("machine: test");
        r.add(Report.Figure.of("2 ETL (full)", "time", etlTime));
        r.add(new Report.Figure("3 ETL / baseline", "time ratio", "17.2×", "≤ 2×", false));
        r.add(new Report.Figure("7 server", "peak", "735 MiB", "≤ 1 GiB", true));
        return r;
    }

    @Test
    void theTableShowsEachFigureNextToItsGoal() {
        String table = report("national", "191.9 s").table();
        assertTrue(table.lines().anyMatch(l -> l.contains("time ratio") && l.contains("≤ 2×") && l.strip().endsWith("NO")), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("735 MiB") && l.strip().endsWith("yes")), table);
    }

    @Test
    void aRunReplacesOnlyItsOwnScalesSectionOfTheDocument() throws Exception {
        Path doc = tmp.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# Benchmarks\n\nOur analysis, written by hand.\n");
        report("national", "191.9 s").writeInto(doc);
        report("province", "80.0 s").writeInto(doc);
        report("national", "150.0 s").writeInto(doc);
        String text = Files.readString(doc);
        assertTrue(text.contains("Our analysis, written by hand."));
        assertTrue(text.contains("150.0 s") && !text.contains("191.9 s"), "the national section was replaced:\n" + text);
        assertTrue(text.contains("80.0 s"), "the province section stayed");
        assertEquals(1, text.split("<!-- bench:national ", -1).length - 1, "one national section");
        assertTrue(text.indexOf("Our analysis") < text.indexOf("<!-- bench:national "));
    }

    @Test
    void theEtlStagesAreReadFromTheRunReport(@TempDir Path warehouse) throws IOException {
        Files.createDirectories(warehouse.resolve("runs"));
        // an earlier run's report, then this run's: the later one (run ids are timestamps) is read
        Files.writeString(warehouse.resolve("runs/20261130-101500-000.json"), """
                {"run_id": "20261130-101500-000", "stages": [{"name": "inspect", "label": "earlier run", "seconds": 9.9, "detail": ""}]}""");
        Files.writeString(warehouse.resolve("runs/20261130-120000-123.json"), """
                {"run_id": "20261130-120000-123", "stage_seconds": {"inspect": 3.24, "load JC-1": 121.8},
                 "stages": [{"name": "inspect", "label": "检查文件 / inspecting files", "seconds": 3.24, "detail": "930 files, 0 unusable"},
                            {"name": "load JC-1", "label": "读取并校验 JC-1 / reading and checking JC-1", "seconds": 121.8, "detail": ""}]}""");
        // the console says something else entirely: it is not read
        Child.Outcome etl = new Child.Outcome(0, 191.9, 1L << 30, List.of("[1] something else …", "    done in 77.7 s"));
        Path report = BenchMain.latestRunReport(warehouse);
        assertEquals("20261130-120000-123.json", report.getFileName().toString());
        String md = BenchMain.stages(report, etl);
        assertTrue(md.contains("| 检查文件 / inspecting files | 3.2 | 930 files, 0 unusable |"), md);
        assertTrue(md.contains("| 读取并校验 JC-1 / reading and checking JC-1 | 121.8 |  |"), md);
        assertTrue(md.contains("191.9"), md);
        assertFalse(md.contains("77.7") || md.contains("earlier run"), md);
    }
}
