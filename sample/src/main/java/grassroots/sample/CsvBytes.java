package grassroots.sample;

import org.apache.commons.csv.CSVFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;

/**
 * A CSV returns file written as bytes, as Commons CSV's default format writes it ({@link CSVFormat#DEFAULT}, the
 * given line end). Nearly every cell is a whole number, a code, a decimal or a name that needs no quotes: those go
 * straight into the file's buffer (ASCII as it is, the same in UTF-8 and GB18030; other text encoded). Every other
 * cell (a title, a fault with a comma or quote in it) is printed by the format itself and encoded in the file's charset.
 *
 * <p>Why bytes: printed as characters, each record went through a UTF-16 builder (a unit's name is Chinese), a String
 * copy, the writer's char buffer and the charset encoder's slow path for non-ASCII text: half of the national
 * sample's CPU samples.
 */
final class CsvBytes implements ReturnWriter {
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT;
    private static final byte DELIMITER = (byte) ',';

    private final OutputStream out;
    private final Charset charset;
    private final byte[] lineEnd;
    private final StringBuilder cell = new StringBuilder(64);
    private byte[] buffer = new byte[1 << 16];
    private int size;

    CsvBytes(OutputStream out, Charset charset, String lineEnd) {
        this.out = out;
        this.charset = charset;
        this.lineEnd = lineEnd.getBytes(charset);
    }

    @Override
    public void titles(List<String> lines) throws IOException {
        for (String line : lines) row(new Object[]{line});
    }

    @Override
    public void header(List<String> cells) throws IOException {
        row(cells.toArray());
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Long || v instanceof Integer) {
                if (i > 0) put(DELIMITER);
                digits(((Number) v).longValue());
            } else if (v == null) {
                if (i > 0) put(DELIMITER); // the format prints nothing for it, even first
            } else if (!(v instanceof String s && bare(s, i == 0))) { // (bare writes what needs no quotes)
                cell.setLength(0);
                FORMAT.print(v, cell, i == 0); // the delimiter before it too
                put(cell.toString().getBytes(charset));
            }
        }
        put(lineEnd);
        if (size > buffer.length - 4096) flush();
    }

    /**
     * Writes a string, with the delimiter before it unless {@code first}, when the format (quotes as needed:
     * {@code QuoteMode.MINIMAL}) prints it as it is: not empty, its first character above '#', its last above a space,
     * and no delimiter, quote or line break in it. ASCII goes as it is (the same bytes in either charset), other text
     * encoded. One pass over the characters; false, and nothing written, when the format would quote it.
     */
    private boolean bare(String s, boolean first) {
        int n = s.length();
        if (n == 0 || s.charAt(0) <= '#' || s.charAt(n - 1) <= ' ') return false;
        int start = size;
        if (!first) put(DELIMITER);
        int text = size;
        boolean ascii = true;
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                size = start;
                return false;
            }
            if (c >= 0x80) ascii = false;
            else if (ascii) put((byte) c);
        }
        if (!ascii) {
            size = text;
            put(s.getBytes(charset));
        }
        return true;
    }

    private void digits(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v).getBytes(charset));
                return;
            }
            put((byte) '-');
            v = -v;
        }
        int start = size;
        do {
            put((byte) ('0' + v % 10));
            v /= 10;
        } while (v > 0);
        for (int a = start, b = size - 1; a < b; a++, b--) {
            byte t = buffer[a];
            buffer[a] = buffer[b];
            buffer[b] = t;
        }
    }

    private void put(byte b) {
        if (size == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
        buffer[size++] = b;
    }

    private void put(byte[] bytes) {
        if (size + bytes.length > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes.length));
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    @Override
    public void close() throws IOException {
        try (out) {
            flush();
        }
    }
}
