package grassroots.dashboard;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Downloads cannot carry spreadsheet formulas (OWASP CSV injection), and numbers stay numbers. */
class TablesTest {
    static final String FORMULA = "=HYPERLINK(\"http://x\",\"y\")";

    @Test
    void csvTextCellsAreNeutralisedAndNumbersKept() throws Exception {
        StringWriter w = new StringWriter();
        try (Tables.TableWriter out = Tables.csv(w)) {
            out.header(List.of("name", "-value"));
            out.row(new Object[]{FORMULA, -12.5});
            out.row(new Object[]{"@SUM(A1)", -3});
            out.row(new Object[]{"+1", null});
            out.row(new Object[]{"\tx", "-2"});
        }
        List<String> lines = w.toString().lines().toList();
        assertEquals("name,'-value", lines.get(0));
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-12.5", lines.get(1));
        assertEquals("'@SUM(A1),-3", lines.get(2));
        assertEquals("'+1,", lines.get(3));
        assertEquals("'\tx,'-2", lines.get(4));
    }

    @Test
    void xlsxWritesTextAsStringCellsNeverFormulas() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Tables.TableWriter out = Tables.xlsx(bytes)) {
            out.header(List.of("=name", "value"));
            out.row(new Object[]{FORMULA, -12.5});
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(bytes.toByteArray()))) {
            Row header = book.getSheetAt(0).getRow(0);
            Row row = book.getSheetAt(0).getRow(1);
            assertEquals(CellType.STRING, header.getCell(0).getCellType());
            Cell text = row.getCell(0);
            assertEquals(CellType.STRING, text.getCellType());
            assertEquals(FORMULA, text.getStringCellValue());
            assertEquals(CellType.NUMERIC, row.getCell(1).getCellType());
            assertEquals(-12.5, row.getCell(1).getNumericCellValue());
        }
    }
}
