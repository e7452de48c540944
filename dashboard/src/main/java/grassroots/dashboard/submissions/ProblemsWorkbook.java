package grassroots.dashboard.submissions;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems of an upload as the county can act on them: a copy of its file (every row as read, titles and header
 * included) with each bad cell filled red and a last column saying what is wrong with the row, in Chinese and English.
 * Streamed (SXSSF), so a file of 50,000 rows is never a workbook in memory.
 */
public final class ProblemsWorkbook {
    public static final String REASON_HEADER = "问题 / problems";

    private ProblemsWorkbook() {}

    public static void write(Path upload, Form form, List<ReturnCheck.Problem> problems, Catalog catalog, Limits limits,
                             OutputStream out) throws IOException, Records.Unreadable {
        ReturnFile inspected = ReturnFile.inspect(upload, upload.getParent(), catalog, limits);
        if (!inspected.usable()) throw new IllegalStateException("a stored upload no longer reads: " + inspected.problem().en());
        Map<Long, List<ReturnCheck.Problem>> byRow = new HashMap<>();
        for (ReturnCheck.Problem p : problems) byRow.computeIfAbsent(p.row(), k -> new ArrayList<>()).add(p);
        int[] columnFields = inspected.columnFields();
        Map<String, Integer> columnOf = new HashMap<>();
        for (int c = 0; c < columnFields.length; c++) if (columnFields[c] >= 0) columnOf.putIfAbsent(form.fields().get(columnFields[c]).id(), c);
        int reasonColumn = Math.max(columnFields.length, 1);

        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            CellStyle bad = wb.createCellStyle();
            bad.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            bad.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            CellStyle reason = wb.createCellStyle();
            Font red = wb.createFont();
            red.setColor(IndexedColors.DARK_RED.getIndex());
            reason.setFont(red);
            Sheet sheet = wb.createSheet(form.id());
            Charset charset = inspected.charset() == null ? null : Charset.forName(inspected.charset());
            int out_ = 0;
            try (Records.Source source = Records.open(upload, charset, limits)) {
                for (Records.Record rec; (rec = source.next()) != null; ) {
                    Row row = sheet.createRow(out_++);
                    List<String> cells = rec.cells();
                    for (int c = 0; c < cells.size(); c++) row.createCell(c).setCellValue(cells.get(c));
                    if (rec.number() == inspected.headerRecord()) row.createCell(reasonColumn).setCellValue(REASON_HEADER);
                    List<ReturnCheck.Problem> found = byRow.get(rec.number());
                    if (found == null) continue;
                    List<String> reasons = new ArrayList<>();
                    for (ReturnCheck.Problem p : found) {
                        Integer c = columnOf.get(p.field());
                        if (c != null) (row.getCell(c) == null ? row.createCell(c) : row.getCell(c)).setCellStyle(bad);
                        reasons.add(p.messageZh() + " / " + p.messageEn() + " [" + p.rule() + "]");
                    }
                    var cell = row.createCell(reasonColumn);
                    cell.setCellValue(String.join("；", reasons));
                    cell.setCellStyle(reason);
                }
            }
            wb.write(out);
            wb.dispose();
        }
    }
}
