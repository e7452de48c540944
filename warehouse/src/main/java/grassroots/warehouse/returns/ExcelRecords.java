package grassroots.warehouse.returns;

import grassroots.warehouse.Text;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The first sheet of an {@code .xlsx} workbook, pulled row by row from its XML (StAX, never a workbook in memory), each
 * cell counted against the {@link Limits} as it is read, so a row of 16,384 columns or a cell of megabytes is refused
 * at once. The package is opened by POI, whose {@link ZipSecureFile} refuses parts that unpack beyond the file limit or
 * by a suspicious ratio (a zip bomb), and whose XML readers refuse a DOCTYPE (so no entity expansion, "billion laughs").
 * The shared strings are read by POI's SAX reader, within the same part limit.
 */
final class ExcelRecords implements Records.Source {
    private static final Text DOCTYPE = Text.of("Excel文件含有DOCTYPE声明(可能是实体膨胀攻击)，拒绝读取",
            "the Excel file declares a DOCTYPE (an entity expansion attack?); it is not read");

    private final OPCPackage pkg;
    private final InputStream sheet;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final Limits limits;
    private long lastRow;

    private ExcelRecords(OPCPackage pkg, InputStream sheet, XMLStreamReader xml, ReadOnlySharedStringsTable strings,
                         StylesTable styles, Limits limits) {
        this.pkg = pkg;
        this.sheet = sheet;
        this.xml = xml;
        this.strings = strings;
        this.styles = styles;
        this.limits = limits;
    }

    static ExcelRecords open(Path file, Limits limits) throws Records.Unreadable {
        // process-wide settings, the same for every file of a run
        ZipSecureFile.setMaxEntrySize(Math.min(limits.maxFileBytes(), 0xFFFFFFFFL));
        OPCPackage pkg = null;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) throw new Records.Unreadable(Text.of("工作表为空", "the sheet is empty"));
            InputStream sheet = sheets.next();
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheet);
            return new ExcelRecords(pkg, sheet, xml, strings, styles, limits);
        } catch (Records.Unreadable e) {
            if (pkg != null) pkg.revert();
            throw e;
        } catch (Exception | StackOverflowError e) {
            if (pkg != null) pkg.revert();
            throw unreadable(e, limits);
        }
    }

    @Override
    public Records.Record next() throws Records.Unreadable {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                // POI's reader ignores a DTD; a sheet that has one is refused, not read without its entities
                if (event == XMLStreamConstants.DTD) throw new Records.Unreadable(DOCTYPE);
                if (event == XMLStreamConstants.START_ELEMENT && "row".equals(xml.getLocalName())) return row();
            }
            return null;
        } catch (Records.Unreadable e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw unreadable(e, limits);
        }
    }

    private Records.Record row() throws Exception {
        String r = xml.getAttributeValue(null, "r");
        long number = r == null ? lastRow + 1 : Long.parseLong(r);
        lastRow = number;
        List<String> cells = new ArrayList<>();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(xml.getLocalName())) {
                String ref = xml.getAttributeValue(null, "r");
                int column = ref == null ? cells.size() : new CellReference(ref).getCol();
                if (column >= limits.maxColumns() || column < 0) throw new Records.Unreadable(limits.tooManyColumns(number).text());
                while (cells.size() < column) cells.add("");
                String type = xml.getAttributeValue(null, "t"), style = xml.getAttributeValue(null, "s");
                cells.add(cell(number, type, style));
            } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(xml.getLocalName())) {
                break;
            }
        }
        return new Records.Record(number, cells);
    }

    /** Reads one {@code <c>} element to its end: its value, or its inline string without phonetic runs. */
    private String cell(long row, String type, String style) throws Exception {
        StringBuilder value = null, inline = null;
        boolean inValue = false, inText = false, inPhonetic = false;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "v" -> { inValue = true; value = new StringBuilder(); }
                    case "t" -> { inText = !inPhonetic; if (inline == null) inline = new StringBuilder(); }
                    case "rPh" -> inPhonetic = true;
                    default -> { }
                }
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                StringBuilder to = inValue ? value : inText ? inline : null;
                if (to != null) {
                    to.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                    if (to.length() > limits.maxCellChars()) throw new Records.Unreadable(limits.cellTooLong(row).text());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "v" -> inValue = false;
                    case "t" -> inText = false;
                    case "rPh" -> inPhonetic = false;
                    case "c" -> { return text(row, type, style, value == null ? null : value.toString(), inline); }
                    default -> { }
                }
            }
        }
        return "";
    }

    /** What a cell shows, except that a whole number typed as a number (a code, a count) keeps all its digits. */
    private String text(long row, String type, String style, String v, StringBuilder inline) throws Records.Unreadable {
        switch (type == null ? "n" : type) {
            case "s" -> {
                if (v == null || v.isBlank()) return "";
                String s = strings.getItemAt(Integer.parseInt(v.strip())).getString();
                if (s != null && s.length() > limits.maxCellChars()) throw new Records.Unreadable(limits.cellTooLong(row).text());
                return s == null ? "" : s;
            }
            case "inlineStr" -> { return inline == null ? "" : inline.toString(); }
            case "b" -> { return "1".equals(v == null ? null : v.strip()) ? "TRUE" : "FALSE"; }
            case "e", "str", "d" -> { return v == null ? "" : v; }
            default -> {
                if (v == null || v.isBlank()) return "";
                double d = Double.parseDouble(v.strip());
                if (style != null && styles != null && DateUtil.isValidExcelDate(d)) {
                    XSSFCellStyle st = styles.getStyleAt(Integer.parseInt(style.strip()));
                    if (st != null && DateUtil.isADateFormat(st.getDataFormat(), st.getDataFormatString())) {
                        return DateUtil.getLocalDateTime(d).toLocalDate().toString();
                    }
                }
                if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
                return BigDecimal.valueOf(d).toPlainString();
            }
        }
    }

    /** Why a workbook cannot be read: a limit it broke, or that it is not a readable workbook. */
    private static Records.Unreadable unreadable(Throwable e, Limits limits) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("zip bomb") || m.contains("max size of the expanded") || m.contains("max entry size")) {
                return new Records.Unreadable(limits.partTooLarge(firstLine(t.getMessage())).text());
            }
            if (m.contains("doctype")) return new Records.Unreadable(DOCTYPE);
        }
        String m = e instanceof StackOverflowError ? "nested too deeply" : firstLine(e.getMessage());
        return new Records.Unreadable(Text.of("Excel文件无法读取(可能已损坏)：" + m,
                "cannot read the Excel file (it may be damaged): " + m));
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            xml.close();
            sheet.close();
        } catch (Exception ignored) {
            // read-only; nothing to lose
        } finally {
            pkg.revert();
        }
    }
}
