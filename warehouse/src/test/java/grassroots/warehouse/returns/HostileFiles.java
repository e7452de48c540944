package grassroots.warehouse.returns;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Makes hostile returns files cheaply, streamed to disk (nothing large is ever built in memory). */
public final class HostileFiles {
    private HostileFiles() {}

    public interface Body {
        void write(Writer w) throws IOException;
    }

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /** A minimal workbook: one sheet whose {@code <sheetData>} is {@code rows}, and shared strings if given (whole XML). */
    public static Path xlsx(Path file, Body rows, Body sharedStrings) throws IOException {
        return xlsxRaw(file, w -> {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + MAIN + "\"><sheetData>");
            rows.write(w);
            w.write("</sheetData></worksheet>");
        }, sharedStrings);
    }

    /** Like {@link #xlsx}, the sheet's whole XML given. */
    public static Path xlsxRaw(Path file, Body sheet, Body sharedStrings) throws IOException {
        Files.createDirectories(file.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file));
             Writer w = new OutputStreamWriter(zip, StandardCharsets.UTF_8)) {
            entry(zip, w, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + (sharedStrings == null ? "" : "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
                    + "</Types>");
            entry(zip, w, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + RELS + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + DOC + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, w, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + DOC + "\">"
                    + "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, w, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"" + RELS + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + DOC + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + (sharedStrings == null ? "" : "<Relationship Id=\"rId2\" Type=\"" + DOC + "/sharedStrings\" Target=\"sharedStrings.xml\"/>")
                    + "</Relationships>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            sheet.write(w);
            w.flush();
            zip.closeEntry();
            if (sharedStrings != null) {
                zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
                sharedStrings.write(w);
                w.flush();
                zip.closeEntry();
            }
        }
        return file;
    }

    private static void entry(ZipOutputStream zip, Writer w, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        w.write(text);
        w.flush();
        zip.closeEntry();
    }

    /** A row of inline-string cells A, B, C … */
    public static void row(Writer w, long number, List<String> cells) throws IOException {
        w.write("<row r=\"" + number + "\">");
        for (String cell : cells) {
            w.write("<c t=\"inlineStr\"><is><t>" + cell.replace("&", "&amp;").replace("<", "&lt;") + "</t></is></c>");
        }
        w.write("</row>");
    }

    /** The classic entity expansion: ten levels of ten, a billion "lol"s from a few hundred bytes. */
    public static String billionLaughs(String root) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE " + root + " [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            b.append("<!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) b.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            b.append("\">");
        }
        return b.append("]>").toString();
    }

    /** A file of {@code bytes} that costs no disk: a sparse file, all zeros. */
    public static Path sparse(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** Writes {@code n} copies of {@code unit}, in blocks. */
    public static void repeat(Writer w, String unit, long n) throws IOException {
        String block = unit.repeat((int) Math.max(1, Math.min(n, (1 << 16) / Math.max(1, unit.length()))));
        long perBlock = block.length() / unit.length();
        long written = 0;
        for (; written + perBlock <= n; written += perBlock) w.write(block);
        for (; written < n; written++) w.write(unit);
    }
}
