package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The analysis endpoints and downloads over real HTTP. */
class AnalysisApiTest extends LiveServer {

    @Test
    void rankingAmongSiblingsWithTheParentsValue() throws Exception {
        JsonNode rows = getJson("/api/ranking?indicator=rural_facility_coverage&level=county&year=2020&parent=64", 200);
        assertEquals(22, rows.size());
        for (JsonNode r : rows) {
            JsonNode parent = getJson("/api/trend?indicator=rural_facility_coverage&region=" + r.get("parent_code").asText()
                    + "&from=2020&to=2020", 200).get(0);
            assertEquals(parent.get("value").asDouble(), r.get("parent_value").asDouble(), 1e-9);
            assertTrue(r.get("rank").asInt() >= 1 && r.get("rank").asInt() <= r.get("siblings").asInt());
        }
        JsonNode best = rows.get(0);
        assertEquals(1, best.get("rank").asInt());
        assertEquals(100.0, best.get("percentile").asDouble(), 1e-9);
    }

    @Test
    void distributionOfChildren() throws Exception {
        JsonNode d = getJson("/api/distribution?indicator=charter_coverage&region=64&year=2020", 200);
        assertEquals("prefecture", d.get("level").asText());
        assertEquals(5, d.get("count").asInt(), "Ningxia has five prefecture-level cities");
        List<Double> values = new ArrayList<>();
        d.get("children").forEach(c -> values.add(c.get("value").asDouble()));
        assertEquals(values.stream().mapToDouble(v -> v).min().orElseThrow(), d.get("min").asDouble(), 1e-9);
        assertEquals(values.stream().mapToDouble(v -> v).max().orElseThrow(), d.get("max").asDouble(), 1e-9);
        assertTrue(d.get("p25").asDouble() <= d.get("median").asDouble() && d.get("median").asDouble() <= d.get("p75").asDouble());
        JsonNode counties = getJson("/api/distribution?indicator=charter_coverage&region=64&year=2020&level=county", 200);
        assertEquals(22, counties.get("count").asInt());
        getJson("/api/distribution?indicator=charter_coverage&region=640104&year=2020&level=province", 400);
    }

    @Test
    void peersAreTheMostAlikeRegionsOfTheSameLevel() throws Exception {
        JsonNode g = getJson("/api/peers?indicator=social_worker_density&region=640104&year=2020&n=3", 200);
        assertEquals("640104", g.get("region").get("region_code").asText());
        assertEquals(3, g.get("peers").size());
        double last = 0;
        for (JsonNode p : g.get("peers")) {
            assertEquals("county", p.get("level").asText());
            assertTrue(p.get("distance").asDouble() >= last);
            last = p.get("distance").asDouble();
        }
        assertEquals(4, g.get("group_size").asInt());
        getJson("/api/peers?indicator=social_worker_density&region=CN&year=2020", 400);
    }

    @Test
    void targetsWithGapAndProjection() throws Exception {
        JsonNode t = getJson("/api/targets?indicator=social_work_station_coverage&region=CN", 200);
        assertEquals(1, t.size());
        JsonNode station = t.get(0);
        assertEquals("十四五", station.get("plan").asText());
        assertEquals(2020, station.get("latest_year").asInt());
        JsonNode trend = getJson("/api/trend?indicator=social_work_station_coverage&region=CN", 200);
        double v19 = trend.get(0).get("value").asDouble(), v20 = trend.get(1).get("value").asDouble();
        assertEquals(100 - v20, station.get("gap").asDouble(), 1e-9);
        // the least-squares line through two points is the line through them; a share is fitted on the logit scale
        double l19 = Math.log(v19 / (100 - v19)), l20 = Math.log(v20 / (100 - v20));
        double line2025 = 100 / (1 + Math.exp(-(l20 + 5 * (l20 - l19))));
        assertEquals(line2025, station.get("projected_value").asDouble(), 1e-6, "the logistic trend through 2019–2020 carried to 2025");
        assertEquals("logistic trend 2019–2020", station.get("method").asText());
        assertEquals(95, station.get("basically_achieved").asDouble(), "the 基本实现 threshold declared in the catalog");
        assertEquals(Math.round(line2025 * 10) / 10.0 >= 100 ? "on_track" : "off_track", station.get("status").asText());
        assertTrue(station.get("rule").get("zh").asText().contains("最小二乘"), station.get("rule").toString());
        assertTrue(station.has("reaches_in"));
        JsonNode inherited = getJson("/api/targets?indicator=social_work_station_coverage&region=64", 200).get(0);
        assertTrue(inherited.get("inherited").asBoolean(), "the national target applies to the province");
        assertEquals("CN", inherited.get("scope").asText());
        assertEquals(station.get("status").asText().equals("on_track"), station.get("on_track").asBoolean());
        // a target whose year has no data yet, in scope: Ningxia's 2018 grid target on a 2019–2020 warehouse
        JsonNode grid = getJson("/api/targets?indicator=grid_staffing_rate&region=64", 200).get(0);
        assertEquals("no_data", grid.get("status").asText());
    }

    @Test
    void correlationOfTwoIndicators() throws Exception {
        // Ningxia's five prefectures: the coefficients worked out here from the points, by the textbook formulas
        JsonNode small = getJson("/api/correlation?x=social_worker_density&y=rural_facility_coverage&level=prefecture&year=2020&parent=64", 200);
        assertEquals(5, small.get("n").asInt());
        assertCoefficients(small);
        // its 22 counties, where shares tie (several at the same value): Spearman must give ties their average rank
        JsonNode c = getJson("/api/correlation?x=social_worker_density&y=charter_coverage&level=county&year=2020&parent=64", 200);
        assertEquals(22, c.get("n").asInt());
        List<Double> ys = new ArrayList<>();
        c.get("points").forEach(p -> ys.add(p.get("y").asDouble()));
        assertTrue(ys.stream().distinct().count() < ys.size(), "some counties tie: " + ys);
        assertCoefficients(c);
        assertTrue(c.get("points").get(0).get("population").asDouble() > 0);
    }

    @Test
    void pearsonAndSpearmanOfAKnownSet() {
        // x = 1..5, y = 2, 1, 4, 3, 5: Pearson 0.8 (Σdxdy = 8, Σdx² = Σdy² = 10); no ties, so Spearman is the same
        double[] x = {1, 2, 3, 4, 5}, y = {2, 1, 4, 3, 5};
        assertEquals(0.8, pearson(x, y), 1e-12);
        assertEquals(0.8, pearson(ranks(x), ranks(y)), 1e-12);
        // ties: y = 1, 1, 2, 3, 3 ranks as 1.5, 1.5, 3, 4.5, 4.5
        assertArrayEquals(new double[]{1.5, 1.5, 3, 4.5, 4.5}, ranks(new double[]{1, 1, 2, 3, 3}));
    }

    /** The API's pearson and spearman against the same coefficients computed here from its points. */
    private static void assertCoefficients(JsonNode c) {
        JsonNode points = c.get("points");
        List<double[]> both = new ArrayList<>();
        for (JsonNode p : points) {
            if (!p.get("x").isNull() && !p.get("y").isNull()) both.add(new double[]{p.get("x").asDouble(), p.get("y").asDouble()});
        }
        assertEquals(c.get("n").asInt(), both.size());
        double[] x = both.stream().mapToDouble(p -> p[0]).toArray(), y = both.stream().mapToDouble(p -> p[1]).toArray();
        assertEquals(pearson(x, y), c.get("pearson").asDouble(), 1e-9, "pearson");
        assertEquals(pearson(ranks(x), ranks(y)), c.get("spearman").asDouble(), 1e-9, "spearman (average ranks for ties)");
    }

    private static double pearson(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElseThrow(), my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** 1-based ranks, tied values sharing the average of the ranks they span. */
    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int below = 0, equal = 0;
            for (double w : v) {
                if (w < v[i]) below++;
                else if (w == v[i]) equal++;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    @Test
    void qualityEndpoints() throws Exception {
        JsonNode rows = getJson("/api/quality/completeness?form=JC-1&level=province&year=2020", 200);
        assertEquals(31, rows.size());
        assertTrue(rows.get(0).has("low_completeness"));
        getJson("/api/values?indicator=charter_coverage&level=province&year=2030", 404);
        JsonNode q = getJson("/api/quality/quarantine", 200);
        assertEquals(0, q.get("rows").asInt(), "the fixture rejects nothing");
        JsonNode outliers = getJson("/api/quality/outliers?level=county&year=2020&parent=64", 200);
        for (JsonNode o : outliers) assertTrue(Math.abs(o.get("score").asDouble()) > 3.5, o.toString());
        JsonNode children = getJson("/api/regions?parent=64", 200);
        assertEquals(5, children.size());
    }

    @Test
    void downloadsAsCsvWithBomAndAsXlsx() throws Exception {
        HttpResponse<byte[]> csv = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/values?indicator=charter_coverage&level=county&year=2020&parent=64&format=csv"))
                        .header("Authorization", "Bearer " + adminToken).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, csv.statusCode());
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFFregion_code,region_name,"), text.substring(0, 40));
        assertEquals(1 + 22, text.strip().split("\r\n").length, "header and one line per county");
        assertTrue(csv.headers().firstValue("content-disposition").orElse("").contains(".csv"));

        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/ranking?indicator=charter_coverage&level=county&year=2020&parent=64&format=xlsx"))
                        .header("Authorization", "Bearer " + adminToken).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, xlsx.statusCode());
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertEquals(1 + 22, book.getSheetAt(0).getPhysicalNumberOfRows());
            assertEquals("region_code", book.getSheetAt(0).getRow(0).getCell(0).getStringCellValue());
        }
    }

    @Test
    void sqlWorkbenchOverHttp() throws Exception {
        HttpResponse<String> ok = post("/api/sql", "{\"sql\": \"SELECT year, count(*) AS n FROM jc1 GROUP BY year ORDER BY year\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode result = json.readTree(ok.body());
        assertEquals("year", result.get("columns").get(0).get("name").asText());
        assertEquals(2, result.get("row_count").asInt());
        assertEquals(2019, result.get("rows").get(0).get(0).asInt());
        assertFalse(result.get("truncated").asBoolean());

        HttpResponse<String> refused = post("/api/sql", "{\"sql\": \"DROP VIEW jc1\"}");
        assertEquals(400, refused.statusCode());
        assertTrue(json.readTree(refused.body()).get("error").get("zh").asText().contains("只允许"));

        HttpResponse<String> csv = post("/api/sql", "{\"sql\": \"SELECT 1 AS one\", \"format\": \"csv\"}");
        assertEquals("\uFEFFone\r\n1\r\n", csv.body());

        JsonNode views = getJson("/api/sql/views", 200);
        assertTrue(views.findValuesAsText("name").containsAll(List.of("jc1", "jc2", "regions", "indicator_values", "completeness")));
        assertFalse(getJson("/api/sql/examples", 200).isEmpty());
        for (JsonNode example : getJson("/api/sql/examples", 200)) {
            HttpResponse<String> r = post("/api/sql", json.writeValueAsString(java.util.Map.of("sql", example.get("sql").asText())));
            assertEquals(200, r.statusCode(), example.get("sql").asText() + " → " + r.body());
        }
    }
}
