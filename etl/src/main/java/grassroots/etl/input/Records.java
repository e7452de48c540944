package grassroots.etl.input;

import com.github.pjfanning.xlsx.StreamingReader;
import grassroots.warehouse.Text;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a returns file, whatever it came as: CSV in UTF-8 (with or without BOM) or GB18030/GBK, or an Excel
 * {@code .xlsx} workbook (its first sheet, streamed, so large sheets stay out of memory). Each record carries the row
 * number a person sees in the file (the line in a text editor, the row in Excel).
 */
public final class Records {
    private Records() {}

    public record Record(long number, List<String> cells) {}

    /** A file that cannot be read as returns at all, with the reason. */
    public static final class Unreadable extends Exception {
        private final Text text;

        Unreadable(Text text) {
            super(text.en(), null, false, false);
            this.text = text;
        }

        public Text text() { return text; }
    }

    public static boolean isExcel(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /** At most {@code limit} records from the start of the file. */
    public static List<Record> read(Path file, int limit) throws Unreadable {
        return isExcel(file) ? excel(file, limit) : csv(file, limit);
    }

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setAllowMissingColumnNames(true).get();

    private static List<Record> csv(Path file, int limit) throws Unreadable {
        String text;
        try {
            text = Decoding.decode(Files.readAllBytes(file)).text();
        } catch (IOException e) {
            throw new Unreadable(Text.of("文件无法读取：" + e.getMessage(), "cannot read the file: " + e.getMessage()));
        }
        if (text.isBlank()) throw new Unreadable(Text.of("文件为空", "the file is empty"));
        List<Record> out = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(CSV).get()) {
            for (CSVRecord rec : parser) {
                if (out.size() >= limit) break;
                // the line a person sees: where the record starts, not how many records came before
                out.add(new Record(parser.getCurrentLineNumber() - lineBreaksIn(rec), cellsOf(rec)));
            }
        } catch (IOException | RuntimeException e) {
            throw new Unreadable(Text.of("CSV格式错误，文件可能被截断：" + e.getMessage(),
                    "malformed CSV, the file may be truncated: " + e.getMessage()));
        }
        if (limit == Integer.MAX_VALUE) checkComplete(text, out);
        return out;
    }

    private static long lineBreaksIn(CSVRecord rec) {
        long n = 0;
        for (String cell : rec) for (int i = 0; i < cell.length(); i++) if (cell.charAt(i) == '\n') n++;
        return n;
    }

    private static List<String> cellsOf(CSVRecord rec) {
        List<String> cells = new ArrayList<>(rec.size());
        rec.forEach(cells::add);
        return cells;
    }

    /**
     * A file cut off in the middle (an interrupted copy or upload) ends in a partial line: no line break, and fewer
     * cells than the lines before it. Such a file is rejected whole rather than loaded short of a row.
     */
    private static void checkComplete(String text, List<Record> records) throws Unreadable {
        if (text.endsWith("\n") || records.size() < 2) return;
        int last = records.get(records.size() - 1).cells().size();
        int before = records.get(records.size() - 2).cells().size();
        if (last < before) {
            throw new Unreadable(Text.of("文件不完整：最后一行(第" + records.get(records.size() - 1).number()
                    + "行)只有" + last + "列，且文件没有以换行结束，可能在传输中被截断",
                    "the file is incomplete: its last line (" + records.get(records.size() - 1).number() + ") has "
                            + last + " of " + before + " cells and no line break; it was probably cut off in transfer"));
        }
    }

    private static List<Record> excel(Path file, int limit) throws Unreadable {
        List<Record> out = new ArrayList<>();
        DataFormatter format = new DataFormatter(Locale.ROOT);
        try (InputStream in = Files.newInputStream(file);
             Workbook book = StreamingReader.builder().rowCacheSize(200).bufferSize(1 << 16).open(in)) {
            Sheet sheet = book.getSheetAt(0);
            for (Row row : sheet) {
                if (out.size() >= limit) break;
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < row.getLastCellNum(); c++) {
                    Cell cell = row.getCell(c);
                    cells.add(cell == null ? "" : text(cell, format));
                }
                out.add(new Record(row.getRowNum() + 1L, cells));
            }
        } catch (Exception e) {
            throw new Unreadable(Text.of("Excel文件无法读取(可能已损坏)：" + e.getMessage(),
                    "cannot read the Excel file (it may be damaged): " + e.getMessage()));
        }
        if (out.isEmpty()) throw new Unreadable(Text.of("工作表为空", "the sheet is empty"));
        return out;
    }

    /** What a cell shows, except that a whole number typed as a number (a code, a count) keeps all its digits. */
    private static String text(Cell cell, DataFormatter format) {
        if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
            if (org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)) {
                return cell.getLocalDateTimeCellValue().toLocalDate().toString();
            }
            double d = cell.getNumericCellValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
            return java.math.BigDecimal.valueOf(d).toPlainString();
        }
        return format.formatCellValue(cell);
    }
}
