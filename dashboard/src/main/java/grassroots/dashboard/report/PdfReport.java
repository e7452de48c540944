package grassroots.dashboard.report;

import grassroots.dashboard.report.ReportData.Section;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as PDF (PDFBox): A4, the Noto Sans SC subset embedded (only the glyphs the report uses), a cover, the
 * summary, then a section per indicator with its charts, table, definition and sources; page numbers in the footer.
 */
public final class PdfReport implements AutoCloseable {
    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float BOTTOM = MARGIN + 20;
    private static final Color INK = new Color(0x1d2733);
    private static final Color MUTED = new Color(0x5b6673);
    private static final String NO_LINE_START = "，。、；：？！）》」』”’%";

    private final PDDocument doc = new PDDocument();
    private final PDType0Font font;
    private PDPageContentStream out;
    private float y;

    private PdfReport() throws IOException {
        try (InputStream in = PdfReport.class.getResourceAsStream(ReportCharts.FONT_RESOURCE)) {
            font = PDType0Font.load(doc, in, true);
        }
    }

    /** Writes the report to {@code target}. */
    public static void write(ReportData r, OutputStream target) {
        try (PdfReport pdf = new PdfReport()) {
            pdf.render(r);
            pdf.doc.save(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void render(ReportData r) throws IOException {
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle(ReportSummary.title(r));
        info.setCreator("Grassroots 基层治理指标");

        newPage();
        y -= 180;
        text(ReportSummary.title(r), 22, INK, 14);
        y -= 30;
        for (String line : ReportSummary.cover(r)) text(line, 12, MUTED, 8);

        newPage();
        text("一、总体情况", 16, INK, 10);
        text(ReportSummary.overview(r), 11, INK, 10);
        String method = ReportSummary.method(r);
        if (method != null) text(method, 9.5f, MUTED, 10);
        for (Section s : r.sections()) text(ReportSummary.indicator(r, s), 10.5f, INK, 8);

        newPage();
        text("二、分指标情况", 16, INK, 10);
        int n = 1;
        for (Section s : r.sections()) section(r, s, n++);
        footers();
    }

    private void section(ReportData r, Section s, int n) throws IOException {
        if (y < BOTTOM + 320) newPage();
        text(n + ". " + s.indicator().name().zh(), 13, INK, 6);
        if (s.end() == null) {
            text(ReportSummary.indicator(r, s), 10.5f, MUTED, 12);
            return;
        }
        image(ReportCharts.trend(r, s, 480, 230), 480, 230);
        if (!s.children().isEmpty()) {
            int h = ReportCharts.childrenHeight(s.children().size());
            image(ReportCharts.children(r, s, 480, h), 480, h);
        }
        table(ReportSummary.table(r, s));
        text(ReportSummary.definition(s), 9.5f, MUTED, 2);
        text(ReportSummary.sources(s), 9.5f, MUTED, 14);
    }

    private void newPage() throws IOException {
        if (out != null) out.close();
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        out = new PDPageContentStream(doc, page);
        y = PDRectangle.A4.getHeight() - MARGIN;
    }

    /** A paragraph, wrapped to the text width, then {@code after} points of space. */
    private void text(String paragraph, float size, Color color, float after) throws IOException {
        float leading = size * 1.5f;
        for (String line : wrap(ReportCharts.drawable(paragraph), size, WIDTH)) {
            if (y - leading < BOTTOM) newPage();
            y -= leading;
            show(line, MARGIN, y, size, color);
        }
        y -= after;
    }

    private void show(String line, float x, float baseline, float size, Color color) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.setNonStrokingColor(color);
        out.newLineAtOffset(x, baseline);
        out.showText(line);
        out.endText();
    }

    private void image(byte[] png, float width, float height) throws IOException {
        float scale = Math.min(1, WIDTH / width);
        float w = width * scale, h = height * scale;
        if (y - h < BOTTOM) newPage();
        y -= h;
        out.drawImage(PDImageXObject.createFromByteArray(doc, png, "chart"), MARGIN, y, w, h);
        y -= 8;
    }

    private void table(List<List<String>> rows) throws IOException {
        float size = 9.5f, rowHeight = size * 1.8f;
        int columns = rows.get(0).size();
        float column = Math.min(110, WIDTH / columns);
        for (int i = 0; i < rows.size(); i++) {
            if (y - rowHeight < BOTTOM) newPage();
            y -= rowHeight;
            List<String> row = rows.get(i);
            for (int c = 0; c < columns; c++) {
                String cell = ReportCharts.drawable(row.get(c));
                // numbers right-aligned, the header and the year left
                float x = MARGIN + c * column;
                if (c > 0 && i > 0) x += column - 8 - width(cell, size);
                show(cell, x, y + 4, size, i == 0 ? MUTED : INK);
            }
            out.setStrokingColor(new Color(0xdde1e6));
            out.setLineWidth(0.5f);
            out.moveTo(MARGIN, y);
            out.lineTo(MARGIN + columns * column, y);
            out.stroke();
        }
        y -= 10;
    }

    private float width(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /**
     * Lines of at most {@code width}: a break may fall between any two Chinese characters, but a run of Latin
     * letters, digits and their punctuation (a number such as 83.8%) is never split.
     */
    private List<String> wrap(String text, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String token : tokens(text)) {
            String candidate = line + token;
            // 避头: closing punctuation stays at the end of the line rather than opening the next
            if (line.length() > 0 && width(candidate, size) > width && !NO_LINE_START.contains(token)) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                if (token.isBlank()) continue;
            }
            line.append(token);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        text.codePoints().forEach(c -> {
            boolean joins = c < 0x2E80 && !Character.isWhitespace(c);
            if (joins) {
                run.appendCodePoint(c);
                return;
            }
            if (run.length() > 0) {
                tokens.add(run.toString());
                run.setLength(0);
            }
            tokens.add(new String(Character.toChars(c)));
        });
        if (run.length() > 0) tokens.add(run.toString());
        return tokens;
    }

    /** "第 i 页 / 共 n 页" at the foot of every page but the cover. */
    private void footers() throws IOException {
        out.close();
        out = null;
        int pages = doc.getNumberOfPages();
        for (int i = 1; i < pages; i++) {
            PDPage page = doc.getPage(i);
            try (PDPageContentStream footer = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                String label = "第 " + (i + 1) + " 页 / 共 " + pages + " 页";
                footer.beginText();
                footer.setFont(font, 9);
                footer.setNonStrokingColor(MUTED);
                footer.newLineAtOffset((PDRectangle.A4.getWidth() - width(label, 9)) / 2, MARGIN - 24);
                footer.showText(label);
                footer.endText();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
        doc.close();
    }
}
