package grassroots.warehouse.returns;

import grassroots.warehouse.Text;

import java.io.IOException;
import java.io.Serializable;

/**
 * How much one returns file may hold before it is rejected whole (with the reason) instead of read: a file on disk, or
 * any part of an {@code .xlsx} once unpacked, at most {@code maxFileBytes}; a row at most {@code maxColumns} cells; a
 * cell at most {@code maxCellChars} characters (Excel's own limit is 32,767). Counted while the file streams, so a
 * hostile file costs no more memory than an ordinary one. Set by the ETL's options or the system properties
 * {@code grassroots.etl.maxFileMb}, {@code grassroots.etl.maxColumns} and {@code grassroots.etl.maxCellChars}.
 */
public record Limits(long maxFileBytes, int maxColumns, int maxCellChars) implements Serializable {
    public static final long DEFAULT_FILE_MB = 256;
    public static final int DEFAULT_COLUMNS = 1000;
    public static final int DEFAULT_CELL_CHARS = 32_767;

    public Limits {
        if (maxFileBytes <= 0 || maxColumns <= 0 || maxCellChars <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxFileBytes + ", " + maxColumns + ", " + maxCellChars);
        }
    }

    /** The defaults, or what the system properties set. */
    public static Limits fromSystemProperties() {
        return new Limits(Long.getLong("grassroots.etl.maxFileMb", DEFAULT_FILE_MB) << 20,
                Integer.getInteger("grassroots.etl.maxColumns", DEFAULT_COLUMNS),
                Integer.getInteger("grassroots.etl.maxCellChars", DEFAULT_CELL_CHARS));
    }

    public static Limits of(long maxFileMb, int maxColumns, int maxCellChars) {
        return new Limits(maxFileMb << 20, maxColumns, maxCellChars);
    }

    /** A limit a file broke; an IOException so that it passes through the parsers that read the file. */
    public static final class Exceeded extends IOException {
        private final Text text;

        Exceeded(Text text) {
            super(text.en(), null);
            this.text = text;
        }

        public Text text() { return text; }

        /** The limit behind {@code e}, if a limit is what stopped the reading. */
        static Exceeded in(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof Exceeded x) return x;
            return null;
        }
    }

    Exceeded fileTooLarge(long bytes) {
        return new Exceeded(Text.of(String.format("文件过大：%,d 字节，上限 %,d 字节(--max-file-mb)", bytes, maxFileBytes),
                String.format("the file is too large: %,d bytes, the limit is %,d (--max-file-mb)", bytes, maxFileBytes)));
    }

    Exceeded partTooLarge(String detail) {
        return new Exceeded(Text.of("Excel文件解压后过大或压缩比异常(疑似压缩炸弹)，单个部件上限 " + (maxFileBytes >> 20)
                        + " MB(--max-file-mb)：" + detail,
                "the Excel file unpacks to too much or is compressed suspiciously well (a zip bomb?); one part may hold "
                        + (maxFileBytes >> 20) + " MB at most (--max-file-mb): " + detail));
    }

    Exceeded tooManyColumns(long row) {
        return new Exceeded(Text.of("第" + row + "行的列数超过上限 " + maxColumns + "(--max-columns)",
                "row " + row + " has more than " + maxColumns + " columns, the limit (--max-columns)"));
    }

    Exceeded cellTooLong(long row) {
        return new Exceeded(Text.of("第" + row + "行有单元格超过 " + maxCellChars + " 个字符的上限(--max-cell-chars)",
                "row " + row + " has a cell longer than " + maxCellChars + " characters, the limit (--max-cell-chars)"));
    }
}
