package grassroots.warehouse.returns;

import grassroots.warehouse.Text;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a returns file, whatever it came as: CSV in UTF-8 (with or without BOM) or GB18030/GBK, or an Excel
 * {@code .xlsx} workbook (its first sheet). Both are streamed record by record, within {@link Limits}, so neither a
 * large nor a hostile file is ever held in memory. Each record carries the row number a person sees in the file (the
 * line in a text editor, the row in Excel).
 */
public final class Records {
    private Records() {}

    public record Record(long number, List<String> cells) {
        public boolean blank() {
            for (String cell : cells) if (cell != null && !cell.isBlank()) return false;
            return true;
        }
    }

    /** A file that cannot be read as returns at all, with the reason. */
    public static final class Unreadable extends Exception {
        private final Text text;

        Unreadable(Text text) {
            super(text.en(), null, false, false);
            this.text = text;
        }

        public Text text() { return text; }
    }

    /** A file's records, one at a time; {@link #next()} gives null at the end. */
    public interface Source extends Closeable {
        Record next() throws Unreadable;

        @Override
        void close();
    }

    public static boolean isExcel(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /** Opens a file's records; {@code charset} is the text encoding of a CSV file (see {@link Decoding}). */
    public static Source open(Path file, Charset charset, Limits limits) throws Unreadable {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw cannotRead(e);
        }
        if (size > limits.maxFileBytes()) throw new Unreadable(limits.fileTooLarge(size).text());
        return isExcel(file) ? ExcelRecords.open(file, limits) : CsvRecords.open(file, charset, limits);
    }

    /** At most {@code n} records from the start of the file; a file with nothing in it is unreadable. */
    public static List<Record> head(Path file, Charset charset, int n, Limits limits) throws Unreadable {
        List<Record> out = new ArrayList<>();
        boolean blank = true;
        try (Source s = open(file, charset, limits)) {
            for (Record r; out.size() < n && (r = s.next()) != null; ) {
                out.add(r);
                blank &= r.blank();
            }
        }
        if (blank && out.size() < n) {
            throw new Unreadable(isExcel(file) ? Text.of("工作表为空", "the sheet is empty") : Text.of("文件为空", "the file is empty"));
        }
        return out;
    }

    static Unreadable cannotRead(IOException e) {
        return new Unreadable(Text.of("文件无法读取：" + e.getMessage(), "cannot read the file: " + e.getMessage()));
    }
}
