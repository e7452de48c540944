package grassroots.dashboard.report;

import grassroots.dashboard.report.ReportData.Section;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.BreakType;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSimpleField;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;

/**
 * The report as Word (.docx, Apache POI XWPF), for editing before it is filed: the same content as the PDF, A4,
 * page numbers in the footer. Text is set in Noto Sans SC; Word substitutes its own Chinese font where that is not
 * installed (a .docx names fonts, it does not carry them).
 */
public final class DocxReport implements AutoCloseable {
    private static final String FONT = "Noto Sans SC";
    /** A4 in twentieths of a point, and 2 cm margins. */
    private static final int A4_WIDTH = 11906, A4_HEIGHT = 16838, MARGIN = 1134;
    private static final String INK = "1D2733", MUTED = "5B6673";

    private final XWPFDocument doc = new XWPFDocument();

    private DocxReport() {}

    public static void write(ReportData r, OutputStream target) {
        try (DocxReport docx = new DocxReport().render(r)) {
            docx.doc.write(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DocxReport render(ReportData r) throws IOException {
        doc.getProperties().getCoreProperties().setTitle(ReportSummary.title(r));
        doc.getProperties().getCoreProperties().setCreator("Grassroots 基层治理指标");
        pageSetup();

        for (int i = 0; i < 6; i++) paragraph("", 12, INK);
        paragraph(ReportSummary.title(r), 22, INK).setAlignment(ParagraphAlignment.CENTER);
        paragraph("", 12, INK);
        for (String line : ReportSummary.cover(r)) paragraph(line, 12, MUTED).setAlignment(ParagraphAlignment.CENTER);
        pageBreak();

        paragraph("一、总体情况", 16, INK);
        paragraph(ReportSummary.overview(r), 11, INK);
        String method = ReportSummary.method(r);
        if (method != null) paragraph(method, 9.5, MUTED);
        for (Section s : r.sections()) paragraph(ReportSummary.indicator(r, s), 10.5, INK);
        pageBreak();

        paragraph("二、分指标情况", 16, INK);
        int n = 1;
        for (Section s : r.sections()) section(r, s, n++);
        return this;
    }

    private void section(ReportData r, Section s, int n) throws IOException {
        paragraph(n + ". " + s.indicator().name().zh(), 13, INK).setKeepNext(true);
        if (s.end() == null) {
            paragraph(ReportSummary.indicator(r, s), 10.5, MUTED);
            return;
        }
        picture(ReportCharts.trend(r, s, 480, 230), 480, 230);
        if (!s.children().isEmpty()) {
            int h = ReportCharts.childrenHeight(s.children().size());
            picture(ReportCharts.children(r, s, 480, h), 480, h);
        }
        table(ReportSummary.table(r, s));
        paragraph(ReportSummary.definition(s), 9.5, MUTED);
        paragraph(ReportSummary.sources(s), 9.5, MUTED);
    }

    private void pageSetup() {
        CTSectPr sect = doc.getDocument().getBody().isSetSectPr() ? doc.getDocument().getBody().getSectPr()
                : doc.getDocument().getBody().addNewSectPr();
        CTPageSz size = sect.isSetPgSz() ? sect.getPgSz() : sect.addNewPgSz();
        size.setW(BigInteger.valueOf(A4_WIDTH));
        size.setH(BigInteger.valueOf(A4_HEIGHT));
        CTPageMar margins = sect.isSetPgMar() ? sect.getPgMar() : sect.addNewPgMar();
        for (var set : List.<java.util.function.Consumer<BigInteger>>of(margins::setTop, margins::setBottom, margins::setLeft, margins::setRight)) {
            set.accept(BigInteger.valueOf(MARGIN));
        }
        // "第 N 页" with Word's PAGE field, so that the number stays right after edits
        XWPFFooter footer = doc.createFooter(HeaderFooterType.DEFAULT);
        XWPFParagraph p = footer.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        style(p.createRun(), 9, MUTED).setText("第 ");
        CTSimpleField page = p.getCTP().addNewFldSimple();
        page.setInstr("PAGE");
        page.addNewR().addNewT().setStringValue("1");
        style(p.createRun(), 9, MUTED).setText(" 页");
    }

    private XWPFParagraph paragraph(String text, double size, String color) {
        XWPFParagraph p = doc.createParagraph();
        p.setSpacingAfter(120);
        style(p.createRun(), size, color).setText(text);
        return p;
    }

    private static XWPFRun style(XWPFRun run, double size, String color) {
        run.setFontFamily(FONT);
        run.setFontFamily(FONT, XWPFRun.FontCharRange.eastAsia);
        run.setFontSize(size);
        run.setColor(color);
        return run;
    }

    private void pageBreak() {
        doc.createParagraph().createRun().addBreak(BreakType.PAGE);
    }

    private void picture(byte[] png, int width, int height) throws IOException {
        XWPFParagraph p = doc.createParagraph();
        p.setAlignment(ParagraphAlignment.CENTER);
        try {
            p.createRun().addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, "chart.png",
                    Units.toEMU(width * 0.9), Units.toEMU(height * 0.9));
        } catch (InvalidFormatException e) {
            throw new IOException(e);
        }
    }

    private void table(List<List<String>> rows) {
        XWPFTable table = doc.createTable(rows.size(), rows.get(0).size());
        for (int i = 0; i < rows.size(); i++) {
            XWPFTableRow row = table.getRow(i);
            for (int c = 0; c < rows.get(i).size(); c++) {
                XWPFParagraph p = row.getCell(c).getParagraphs().get(0);
                if (c > 0 && i > 0) p.setAlignment(ParagraphAlignment.RIGHT);
                style(p.createRun(), 9.5, i == 0 ? MUTED : INK).setText(rows.get(i).get(c));
            }
        }
        doc.createParagraph();
    }

    @Override
    public void close() throws IOException {
        doc.close();
    }
}
