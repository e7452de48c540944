package grassroots.sample;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes one returns file in one of the formats county bureaus send: plain CSV, Excel-on-Windows CSV, or Excel. */
public interface ReturnWriter extends AutoCloseable {

    /** The file formats of {@code --formats}. */
    enum Format {
        /** UTF-8, LF, the header only. */
        CSV(".csv"),
        /** GB18030 with CRLF, as Excel on Chinese Windows saves a CSV, with the form's title lines above the header. */
        GB18030(".csv"),
        /** An Excel workbook, title lines above the header, numbers as numbers. */
        XLSX(".xlsx");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        public static Format of(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + s + "' (csv, gb18030, xlsx)");
            }
        }
    }

    void titles(List<String> lines) throws IOException;

    void header(List<String> cells) throws IOException;

    void row(Object[] values) throws IOException;

    @Override
    void close() throws IOException;

    static ReturnWriter open(Path file, Format format) throws IOException {
        Files.createDirectories(file.getParent());
        return switch (format) {
            case CSV -> csv(file, StandardCharsets.UTF_8, "\n");
            case GB18030 -> csv(file, Charset.forName("GB18030"), "\r\n");
            case XLSX -> xlsx(Files.newOutputStream(file));
        };
    }

    private static ReturnWriter csv(Path file, Charset charset, String lineEnd) throws IOException {
        return new CsvBytes(Files.newOutputStream(file), charset, lineEnd);
    }

    private static ReturnWriter xlsx(OutputStream out) {
        SXSSFWorkbook book = new SXSSFWorkbook(200);
        SXSSFSheet sheet = book.createSheet("报表");
        int[] next = {0};
        return new ReturnWriter() {
            public void titles(List<String> lines) {
                for (String line : lines) sheet.createRow(next[0]++).createCell(0).setCellValue(line);
            }

            public void header(List<String> cells) {
                Row r = sheet.createRow(next[0]++);
                for (int i = 0; i < cells.size(); i++) r.createCell(i).setCellValue(cells.get(i));
            }

            public void row(Object[] values) {
                Row r = sheet.createRow(next[0]++);
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    if (v == null) continue;
                    // codes stay text (leading digits matter); counts and amounts are numbers, as typed into Excel
                    if (v instanceof Number n) r.createCell(i).setCellValue(n.doubleValue());
                    else if (v instanceof String s && s.matches("-?\\d+\\.\\d+")) r.createCell(i).setCellValue(Double.parseDouble(s));
                    else r.createCell(i).setCellValue(v.toString());
                }
            }

            public void close() throws IOException {
                try (book; out) {
                    book.write(out);
                }
            }
        };
    }
}
