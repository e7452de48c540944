package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import grassroots.warehouse.CsvCells;
import io.javalin.http.Context;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tabular answers as downloads: CSV (UTF-8 with a BOM, so Excel shows Chinese) or XLSX. Any list of objects the API
 * returns becomes a table whose columns are the objects' scalar fields, in order. Neither can carry a formula: CSV text
 * cells are neutralised ({@link CsvCells}), XLSX text is written as string cells.
 */
public final class Tables {
    private Tables() {}

    public enum Format {
        JSON, CSV, XLSX;

        public static Format of(String s) {
            if (s == null || s.isBlank() || s.equalsIgnoreCase("json")) return JSON;
            if (s.equalsIgnoreCase("csv")) return CSV;
            if (s.equalsIgnoreCase("xlsx")) return XLSX;
            throw ApiError.badRequest("format 应为 json、csv 或 xlsx：" + s, "format must be json, csv or xlsx, not " + s);
        }
    }

    /** Writes rows (a JSON array of flat objects) in the format, named {@code name}.csv / .xlsx. */
    public static void send(Context ctx, Format format, String name, Object rows) throws IOException {
        if (format == Format.JSON) {
            ctx.json(rows);
            return;
        }
        JsonNode tree = Server.JSON.valueToTree(rows);
        ArrayNode array = tree.isArray() ? (ArrayNode) tree : Server.JSON.createArrayNode().add(tree);
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : array) {
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isValueNode()) columns.add(e.getKey());
            }
        }
        List<String> header = new ArrayList<>(columns);
        try (TableWriter out = open(ctx, format, name)) {
            out.header(header);
            for (JsonNode row : array) {
                Object[] values = new Object[header.size()];
                for (int i = 0; i < values.length; i++) {
                    JsonNode v = row.get(header.get(i));
                    values[i] = v == null || v.isNull() ? null : v.isNumber() ? v.numberValue() : v.asText();
                }
                out.row(values);
            }
        }
        Downloads.counted(ctx, array.size());
    }

    /** Starts a download named {@code name}.csv or .xlsx: the headers, then a writer for the table. */
    static TableWriter open(Context ctx, Format format, String name) throws IOException {
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + (format == Format.CSV ? ".csv" : ".xlsx") + "\"");
        if (format == Format.CSV) {
            ctx.contentType("text/csv; charset=utf-8");
            Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            w.write('\uFEFF');
            return csv(w);
        }
        ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return xlsx(ctx.outputStream());
    }

    /** A table being written, row by row. */
    interface TableWriter extends AutoCloseable {
        void header(List<String> columns) throws IOException;

        void row(Object[] values) throws IOException;

        @Override
        void close() throws IOException;
    }

    static TableWriter csv(Writer w) throws IOException {
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        return new TableWriter() {
            public void header(List<String> columns) throws IOException { printer.printRecord(CsvCells.header(columns)); }
            public void row(Object[] values) throws IOException { printer.printRecord(CsvCells.row(values)); }
            public void close() throws IOException { printer.close(true); }
        };
    }

    /**
     * Streams rows into a sheet (SXSSF keeps only a window of rows in memory). Text goes in as string cells
     * (setCellValue(String)), never through setCellFormula, so "=…" from a return stays text.
     */
    static TableWriter xlsx(OutputStream out) {
        SXSSFWorkbook book = new SXSSFWorkbook(500);
        SXSSFSheet sheet = book.createSheet("data");
        int[] next = {0};
        return new TableWriter() {
            public void header(List<String> columns) {
                Row r = sheet.createRow(next[0]++);
                for (int i = 0; i < columns.size(); i++) r.createCell(i).setCellValue(columns.get(i));
            }

            public void row(Object[] values) {
                Row r = sheet.createRow(next[0]++);
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    if (v == null) continue;
                    Cell c = r.createCell(i);
                    if (v instanceof Number n) c.setCellValue(n.doubleValue());
                    else c.setCellValue(v.toString());
                }
            }

            public void close() throws IOException {
                try (book) {
                    book.write(out);
                }
            }
        };
    }
}
