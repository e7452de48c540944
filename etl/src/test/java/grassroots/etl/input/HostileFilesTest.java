package grassroots.etl.input;

import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.returns.Decoding;
import grassroots.warehouse.returns.HostileFiles;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Files made to exhaust a reader, each refused whole with a reason in Chinese and English, without the memory it would
 * take to hold them (the test JVM has a few GB; most of these would need far more, or forever). The reading here is the
 * ETL's own, without Spark: inspecting a file (the driver) and reading its rows (an executor's task).
 */
class HostileFilesTest {
    @TempDir
    Path dir;
    static final Catalog catalog = Catalog.standard();
    static final Form jc1 = catalog.form("JC-1");
    static final Limits defaults = Limits.fromSystemProperties();

    static Text inspect(Path file, Limits limits) {
        ReturnFile f = ReturnFile.inspect(file, file.getParent(), catalog, limits);
        assertFalse(f.usable(), file + " was accepted");
        assertTrue(f.problem().zh().chars().anyMatch(c -> c >= 0x4e00), "a Chinese reason: " + f.problem().zh());
        assertFalse(f.problem().en().isBlank());
        return f.problem();
    }

    static void assertReason(Text problem, String en) {
        assertTrue(problem.en().contains(en), "expected \"" + en + "\" in: " + problem.en() + " / " + problem.zh());
    }

    static String header() {
        return String.join(",", jc1.fieldIds());
    }

    @Test
    void aSpreadsheetWith16384ColumnsPerRow() throws Exception {
        Path file = HostileFiles.xlsx(dir.resolve("wide.xlsx"), w -> {
            HostileFiles.row(w, 1, jc1.fieldIds());
            // one cell in the last column (XFD) on each of 100,000 rows: a few hundred KB that a reader padding each
            // row to its last cell turns into 1.6 billion cells
            for (int r = 2; r < 100_000; r++) w.write("<row r=\"" + r + "\"><c r=\"XFD" + r + "\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        }, null);
        assertTrue(Files.size(file) < 2_000_000);
        assertReason(inspect(file, defaults), "more than 1000 columns");
    }

    @Test
    void aZipBomb() throws Exception {
        // 200 MB of XML whitespace inside the sheet, deflated to a fraction of a megabyte
        Path file = HostileFiles.xlsx(dir.resolve("bomb.xlsx"), w -> {
            HostileFiles.row(w, 1, jc1.fieldIds());
            HostileFiles.repeat(w, " ", 200L << 20);
        }, null);
        assertTrue(Files.size(file) < 1_000_000, Files.size(file) + " bytes");
        assertReason(inspect(file, defaults), "zip bomb");
    }

    @Test
    void aPartLargerThanTheLimitOnceUnpacked() throws Exception {
        // shared strings that compress only a little (no zip-bomb ratio), but unpack beyond a 1 MB limit
        Random random = new Random(1);
        Path file = HostileFiles.xlsx(dir.resolve("strings.xlsx"), w -> HostileFiles.row(w, 1, jc1.fieldIds()), w -> {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            for (int i = 0; i < 70_000; i++) w.write("<si><t>" + Long.toString(random.nextLong(), 36) + "</t></si>");
            w.write("</sst>");
        });
        assertReason(inspect(file, Limits.of(1, 1000, 32_767)), "1 MB at most");
    }

    @Test
    void aHugeSharedStringsPart() throws Exception {
        // the classic: a sharedStrings.xml of 300 MB that a reader loads whole before the first row
        Path file = HostileFiles.xlsx(dir.resolve("sst.xlsx"), w -> HostileFiles.row(w, 1, jc1.fieldIds()), w -> {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
            HostileFiles.repeat(w, "<si><t>lol lol lol lol</t></si>", (300L << 20) / 28);
            w.write("</sst>");
        });
        assertReason(inspect(file, defaults), "zip bomb");
    }

    @Test
    void aBillionLaughsInTheSheet() throws Exception {
        Path file = HostileFiles.xlsxRaw(dir.resolve("laughs.xlsx"), w -> {
            w.write(HostileFiles.billionLaughs("worksheet"));
            w.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            HostileFiles.row(w, 1, jc1.fieldIds());
            w.write("<row r=\"2\"><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>");
        }, null);
        Text problem = inspect(file, defaults);
        assertReason(problem, "DOCTYPE");
    }

    @Test
    void aBillionLaughsInTheSharedStrings() throws Exception {
        Path file = HostileFiles.xlsx(dir.resolve("laughing-strings.xlsx"), w -> {
            HostileFiles.row(w, 1, jc1.fieldIds());
            w.write("<row r=\"2\"><c t=\"s\"><v>0</v></c></row>");
        }, w -> {
            w.write(HostileFiles.billionLaughs("sst"));
            w.write("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&lol9;</t></si></sst>");
        });
        assertReason(inspect(file, defaults), "DOCTYPE");
    }

    @Test
    void aCsvOfTwoGigabytes() throws Exception {
        Path file = HostileFiles.sparse(dir.resolve("huge.csv"), (2L << 30) + 1);
        assertReason(inspect(file, defaults), "too large");
    }

    @Test
    void aCellOf100Megabytes() throws Exception {
        Path file = dir.resolve("cell.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(header() + "\n\"");
            HostileFiles.repeat(w, "x", 100L << 20);
            w.write("\",2020\n");
        }
        assertReason(inspect(file, defaults), "longer than 32767 characters");
    }

    @Test
    void aCsvRowOf16384Columns() throws Exception {
        Path file = dir.resolve("wide.csv");
        Files.writeString(file, header() + "\n" + ",".repeat(16_383) + "\n");
        assertReason(inspect(file, defaults), "more than 1000 columns");
    }

    @Test
    void aLongCellOfShortLinesInQuotes() throws Exception {
        // each line is short, the quoted cell is not: the count follows the quotes, not the lines
        Path file = dir.resolve("lines.csv");
        Files.writeString(file, header() + "\n\"" + "a,\"\"b\"\"\n".repeat(10_000) + "\",2020\n");
        assertReason(inspect(file, Limits.of(256, 1000, 10_000)), "longer than 10000 characters");
    }

    @Test
    void quotedCommasAndLineBreaksWithinTheLimitsAreRead() throws Exception {
        Path file = dir.resolve("ok.csv");
        Files.writeString(file, "a,b,c\n\"x,\"\"y\"\"\nz\",2,3\n");
        List<Records.Record> rows = Records.head(file, StandardCharsets.UTF_8, 10, Limits.of(1, 3, 7));
        assertEquals(List.of("x,\"y\"\nz", "2", "3"), rows.get(1).cells());
        assertThrows(Records.Unreadable.class, () -> Records.head(file, StandardCharsets.UTF_8, 10, Limits.of(1, 2, 7)));
        assertThrows(Records.Unreadable.class, () -> Records.head(file, StandardCharsets.UTF_8, 10, Limits.of(1, 3, 6)));
    }

    @Test
    void aQuoteLeftOpenOrTextAfterAClosingQuoteRejectsTheFile() throws Exception {
        // an unclosed quote swallows the rest of the file into one cell: that is a broken file, not a row to load
        Path open = dir.resolve("open.csv");
        Files.writeString(open, "a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n");
        Records.Unreadable e = assertThrows(Records.Unreadable.class, () -> Records.head(open, StandardCharsets.UTF_8, 10, defaults));
        assertReason(e.text(), "a quoted cell is not closed");
        assertTrue(e.text().zh().contains("引号未闭合"), e.text().zh());
        Path after = dir.resolve("after.csv");
        Files.writeString(after, "a,b,c\n1,2,3\n4,\"5\"x,6\n");
        assertReason(assertThrows(Records.Unreadable.class, () -> Records.head(after, StandardCharsets.UTF_8, 10, defaults)).text(),
                "malformed CSV");
    }

    /** Rows read on an executor: a limit broken late in a file ends its rows with the marker that rejects it whole. */
    @Test
    void aLimitBrokenLateInAFileEndsItsRowsWithAMarker() throws Exception {
        List<String> data = new ArrayList<>(Collections.nCopies(jc1.fieldIds().size(), "1"));
        Path csv = dir.resolve("late.csv");
        StringBuilder text = new StringBuilder(header()).append('\n');
        // beyond the first blocks that the parsers read ahead (they would see the wide row while inspecting)
        for (int i = 0; i < 2000; i++) text.append(String.join(",", data)).append('\n');
        text.append(",".repeat(5000)).append('\n');
        Files.writeString(csv, text);
        Path xlsx = HostileFiles.xlsx(dir.resolve("late.xlsx"), w -> {
            HostileFiles.row(w, 1, jc1.fieldIds());
            // varied values: rows of the same few bytes compress like a zip bomb
            Random random = new Random(7);
            for (int r = 2; r < 2002; r++) {
                List<String> values = new ArrayList<>();
                for (int c = 0; c < data.size(); c++) values.add(Integer.toString(random.nextInt(1_000_000)));
                HostileFiles.row(w, r, values);
            }
            w.write("<row r=\"2002\"><c r=\"XFD2002\" t=\"inlineStr\"><is><t>x</t></is></c></row>");
        }, null);
        for (Path file : List.of(csv, xlsx)) {
            ReturnFile f = ReturnFile.inspect(file, dir, catalog, defaults);
            assertTrue(f.usable(), "the first rows are fine: " + f.problem());
            assertEquals(file.getFileName().toString(), f.name(), "named relative to the returns directory");
            List<InternalRow> rows = new ArrayList<>();
            for (Iterator<InternalRow> it = new ParsedRows(jc1, defaults, null).read(f); it.hasNext(); ) rows.add(it.next().copy());
            // rows stream out until the limit is met (the parsers read a few KB ahead); then the marker
            assertTrue(rows.size() > 1000, file + ": " + rows.size() + " " + rows.get(rows.size() - 1));
            int problemEn = grassroots.etl.Schemas.parsed(jc1).fieldIndex("file_problem_en");
            for (InternalRow r : rows.subList(0, rows.size() - 1)) assertTrue(r.isNullAt(problemEn));
            InternalRow marker = rows.get(rows.size() - 1);
            assertTrue(marker.getUTF8String(problemEn).toString().contains("more than 1000 columns"), marker.toString());
            assertEquals(file.getFileName().toString(), marker.getUTF8String(0).toString());
        }
    }
}
