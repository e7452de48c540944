package grassroots.sample;

import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The byte writer writes what Commons CSV's default format prints, in UTF-8 and in GB18030, cell for cell. */
class CsvBytesTest {
    private static final List<Object[]> ROWS = List.of(
            new Object[]{"320102001001", "玄武区梅园新村街道长江路社区居委会", 2020, 1234L, 0, "20.5", "1234567.89", null, -7L},
            new Object[]{"", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", " lead", "trail ", "#1", "-3.5", ".5"},
            new Object[]{null, "0", "约三千", "1.2E7", "12-3", "3", Long.MIN_VALUE, Integer.MAX_VALUE, "", "- "},
            new Object[]{"!x", "\"", "9", "09", "x"});

    @Test
    void writesWhatTheFormatPrintsInEitherCharset() throws IOException {
        for (Charset charset : List.of(StandardCharsets.UTF_8, Charset.forName("GB18030"))) {
            for (String lineEnd : List.of("\n", "\r\n")) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (CsvBytes w = new CsvBytes(bytes, charset, lineEnd)) {
                    w.titles(List.of("基层群众性自治组织统计表", "填报单位：江苏省民政厅, 统计年度：2020"));
                    w.header(List.of("unit_code", "单位名称", "year"));
                    for (Object[] row : ROWS) w.row(row);
                }
                StringBuilder expected = new StringBuilder();
                CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator(lineEnd).get();
                format.printRecord(expected, "基层群众性自治组织统计表");
                format.printRecord(expected, "填报单位：江苏省民政厅, 统计年度：2020");
                format.printRecord(expected, "unit_code", "单位名称", "year");
                for (Object[] row : ROWS) format.printRecord(expected, row);
                assertEquals(expected.toString(), bytes.toString(charset), charset + " " + lineEnd.length());
            }
        }
    }

    @Test
    void randomTextIsWrittenAsTheFormatPrintsIt() throws IOException {
        // strings of the characters the format's quoting turns on, in every position, against the format itself
        String alphabet = "a1,\"\r\n #!-.长\t";
        java.util.Random random = new java.util.Random(7);
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            Object[] row = new Object[1 + random.nextInt(4)];
            for (int i = 0; i < row.length; i++) {
                StringBuilder s = new StringBuilder();
                for (int k = random.nextInt(5); k > 0; k--) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                row[i] = s.toString();
            }
            rows.add(row);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvBytes w = new CsvBytes(bytes, StandardCharsets.UTF_8, "\n")) {
            for (Object[] row : rows) w.row(row);
        }
        StringBuilder expected = new StringBuilder();
        for (Object[] row : rows) CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().printRecord(expected, row);
        assertEquals(expected.toString(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLargeRecordGrowsTheBuffer() throws IOException {
        String name = "长".repeat(40_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvBytes w = new CsvBytes(bytes, StandardCharsets.UTF_8, "\n")) {
            for (int k = 0; k < 3; k++) w.row(new Object[]{k, name});
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals("2," + name, lines[2]);
    }
}
