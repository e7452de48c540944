package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xwpf.extractor.XWPFWordExtractor;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import grassroots.access.Role;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The five-year review report over real HTTP, read back with PDFBox and POI: the region's name, every indicator's value
 * and every target's status as /api/values and /api/targets give them, the charts, the embedded font, A4 and page numbers.
 */
class ReportTest extends LiveServer {
    private static final JsonNode ZH = readLabels();

    private static JsonNode readLabels() {
        try (InputStream in = ReportTest.class.getResourceAsStream("/public/i18n/zh-CN.json")) {
            return json.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> report(String region, String plan, String format) throws Exception {
        return report(region, plan, format, adminToken);
    }

    private static HttpResponse<byte[]> report(String region, String plan, String format, String token) throws Exception {
        String q = "/api/report?region=" + region + "&plan=" + URLEncoder.encode(plan, StandardCharsets.UTF_8) + "&format=" + format;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + q))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Text without white space, so that a line break inside a sentence does not hide it. */
    private static String squeeze(String text) {
        return text.replaceAll("\\s+", "");
    }

    private static String published(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** What the report must say, from the API: "2020年为83.8%" per indicator and "评估结果：<status>" per target. */
    private static List<String> expectedPhrases(String region, int from, int to) throws Exception {
        List<String> phrases = new ArrayList<>();
        phrases.add(getJson("/api/regions/" + region, 200).get("name").asText());
        // Latin letters come back as they were written (no ligature glyphs that lose their text)
        phrases.add("数据快照" + getJson("/api/health", 200).get("snapshot").asText());
        int year = 2020; // the fixture's last year
        for (JsonNode ind : getJson("/api/indicators", 200)) {
            String id = ind.get("id").asText();
            int decimals = ind.get("decimals").asInt();
            String unit = ind.get("unit").get("zh").asText();
            JsonNode rows = getJson("/api/values?indicator=" + id + "&level=province&year=" + year, 200);
            for (JsonNode row : rows) {
                if (row.get("region_code").asText().equals(region) && !row.get("value").isNull()) {
                    phrases.add(year + "年为" + published(row.get("value").asDouble(), decimals) + unit);
                }
            }
            for (JsonNode t : getJson("/api/targets?indicator=" + id + "&region=" + region, 200)) {
                if (t.get("year").asInt() < from || t.get("year").asInt() > to) continue;
                phrases.add("评估结果：" + ZH.get("status." + t.get("status").asText()).asText());
                phrases.add("评估方法：" + t.get("rule").get("zh").asText());
            }
        }
        return phrases;
    }

    /**
     * Charts a province's report draws, from the API: per indicator with a value from the base year on, its trend,
     * and the ranking of its prefectures when any has a value in its latest year.
     */
    private static int expectedCharts(String province, int baseYear) throws Exception {
        int charts = 0;
        for (JsonNode ind : getJson("/api/indicators", 200)) {
            String id = ind.get("id").asText();
            Integer end = null;
            for (JsonNode row : getJson("/api/trend?indicator=" + id + "&region=" + province, 200)) {
                if (row.get("year").asInt() >= baseYear && !row.get("value").isNull()) end = row.get("year").asInt();
            }
            if (end == null) continue;
            charts++;
            for (JsonNode row : getJson("/api/values?indicator=" + id + "&level=prefecture&year=" + end + "&parent=" + province, 200)) {
                if (!row.get("value").isNull()) {
                    charts++;
                    break;
                }
            }
        }
        return charts;
    }

    @Test
    void pdfSaysWhatTheApiSays() throws Exception {
        for (String[] plan : new String[][] {{"十三五", "2016", "2020"}, {"十四五", "2021", "2025"}}) {
            HttpResponse<byte[]> r = report("64", plan[0], "pdf");
            assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            assertEquals("application/pdf", r.headers().firstValue("content-type").orElse(""));
            assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("attachment"));
            try (PDDocument pdf = Loader.loadPDF(r.body())) {
                String text = squeeze(new PDFTextStripper().getText(pdf));
                List<String> phrases = expectedPhrases("64", Integer.parseInt(plan[1]), Integer.parseInt(plan[2]));
                assertTrue(phrases.size() > 10, phrases.toString());
                for (String phrase : phrases) assertTrue(text.contains(squeeze(phrase)), plan[0] + " report lacks: " + phrase);
                int pages = pdf.getNumberOfPages();
                assertTrue(text.contains(squeeze("第 2 页 / 共 " + pages + " 页")), "page numbers");
                int images = 0;
                for (PDPage page : pdf.getPages()) {
                    assertEquals(595.3, page.getMediaBox().getWidth(), 0.5, "A4");
                    assertEquals(841.9, page.getMediaBox().getHeight(), 0.5, "A4");
                    for (COSName name : page.getResources().getXObjectNames()) {
                        if (page.getResources().getXObject(name) instanceof PDImageXObject) images++;
                    }
                    for (COSName name : page.getResources().getFontNames()) {
                        PDFont font = page.getResources().getFont(name);
                        assertTrue(font.isEmbedded(), font.getName());
                        assertTrue(font.getName().matches("[A-Z]{6}\\+.*"), "a subset: " + font.getName());
                    }
                }
                assertEquals(expectedCharts("64", Integer.parseInt(plan[1]) - 1), images);
            }
        }
    }

    @Test
    void docxSaysWhatTheApiSays() throws Exception {
        HttpResponse<byte[]> r = report("64", "十四五", "docx");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").contains("wordprocessingml"));
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(r.body()));
             XWPFWordExtractor extractor = new XWPFWordExtractor(doc)) {
            String text = squeeze(extractor.getText());
            for (String phrase : expectedPhrases("64", 2021, 2025)) assertTrue(text.contains(squeeze(phrase)), "docx lacks: " + phrase);
            assertEquals(expectedCharts("64", 2020), doc.getAllPictures().size());
            assertEquals("11906", String.valueOf(doc.getDocument().getBody().getSectPr().getPgSz().getW()), "A4");
        }
    }

    @Test
    void theNationsReportHasNoRankButItsProvinces() throws Exception {
        HttpResponse<byte[]> r = report("CN", "十四五", "pdf");
        assertEquals(200, r.statusCode());
        try (PDDocument pdf = Loader.loadPDF(r.body())) {
            String text = squeeze(new PDFTextStripper().getText(pdf));
            assertTrue(text.contains("全国“十四五”时期基层治理指标评估报告"), text.substring(0, 200));
            assertFalse(text.contains("中居第"), "the nation has no siblings");
        }
    }

    @Test
    void leadersAndPlannersWithinTheirScope() throws Exception {
        String ningxiaLeader = tokenOf("report-leader-64", Role.LEADER, "64");
        assertEquals(200, report("64", "十四五", "pdf", ningxiaLeader).statusCode());
        assertEquals(200, report("640104", "十四五", "docx", ningxiaLeader).statusCode(), "a county inside the scope");
        assertEquals(403, report("CN", "十四五", "pdf", ningxiaLeader).statusCode(), "the nation is outside a province's scope");
        String yinchuanPlanner = tokenOf("report-planner-6401", Role.PLANNER, "6401");
        assertEquals(403, report("64", "十四五", "pdf", yinchuanPlanner).statusCode(), "the province is above a city's scope");
        assertEquals(200, report("6401", "十四五", "pdf", yinchuanPlanner).statusCode());
        assertEquals(403, report("64", "十四五", "pdf", tokenOf("report-reporter-64", Role.REPORTER, "64")).statusCode(),
                "a reporter has no REPORTS authority");
    }

    @Test
    void refusesWhatItCannotAnswer() throws Exception {
        assertTrue(getJson("/api/report?region=64&plan=" + URLEncoder.encode("十五五", StandardCharsets.UTF_8), 400)
                .get("error").get("zh").asText().contains("十四五"));
        assertTrue(getJson("/api/report?region=64&format=xls", 400).get("error").get("zh").asText().contains("pdf"));
        getJson("/api/report?region=99", 404);
        getJson("/api/report", 400);
    }
}
