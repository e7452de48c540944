package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every role × every route family × inside and outside the scope → the expected status; for every 200, no region
 * outside what the user may see comes back. Users are scoped to 银川 (6401) of the Ningxia warehouse; 石嘴山 (6402)
 * is outside. Prefecture is an open level (yearbooks publish it), county and below are not.
 */
class AccessControlTest extends LiveServer {
    static final String INSIDE = "6401", OUTSIDE = "6402";
    static String insideCounty, outsideCounty;
    static final Map<Role, String> tokens = new java.util.EnumMap<>(Role.class);

    @BeforeAll
    static void users() throws Exception {
        for (Role r : Role.values()) tokens.put(r, tokenOf(r.id() + "-yinchuan", r, INSIDE));
        insideCounty = getJson("/api/regions?parent=" + INSIDE, 200).get(0).get("code").asText();
        outsideCounty = getJson("/api/regions?parent=" + OUTSIDE, 200).get(0).get("code").asText();
    }

    /** A route family: a request inside the scope and the same outside, and the authority it needs. */
    record Family(String name, String method, String inside, String outside, String body, java.util.function.Predicate<Role> allowed,
                  boolean unitLevel) {}

    static List<Family> families() {
        java.util.function.Predicate<Role> aggregates = r -> r != Role.REPORTER;
        java.util.function.Predicate<Role> sql = r -> r == Role.ADMIN || r == Role.MANAGER || r == Role.RESEARCHER;
        java.util.function.Predicate<Role> quality = r -> r == Role.ADMIN || r == Role.MANAGER;
        java.util.function.Predicate<Role> download = r -> r != Role.REPORTER && r != Role.LEADER;
        String ind = "indicator=charter_coverage";
        return List.of(
                new Family("values at county level", "GET", "/api/values?" + ind + "&level=county&year=2020&parent=" + INSIDE,
                        "/api/values?" + ind + "&level=county&year=2020&parent=" + OUTSIDE, null, aggregates, false),
                new Family("values download", "GET", "/api/values?" + ind + "&level=county&year=2020&parent=" + INSIDE + "&format=csv",
                        "/api/values?" + ind + "&level=county&year=2020&parent=" + OUTSIDE + "&format=csv", null, download, false),
                new Family("trend", "GET", "/api/trend?" + ind + "&region=" + insideCountyRef(), "/api/trend?" + ind + "&region=" + outsideCountyRef(), null, aggregates, false),
                new Family("ranking", "GET", "/api/ranking?" + ind + "&level=township&year=2020&parent=" + insideCountyRef(),
                        "/api/ranking?" + ind + "&level=township&year=2020&parent=" + outsideCountyRef(), null, aggregates, false),
                new Family("distribution", "GET", "/api/distribution?" + ind + "&year=2020&region=" + INSIDE,
                        "/api/distribution?" + ind + "&year=2020&region=" + OUTSIDE, null, aggregates, false),
                new Family("targets", "GET", "/api/targets?" + ind + "&region=" + insideCountyRef(), "/api/targets?" + ind + "&region=" + outsideCountyRef(), null, aggregates, false),
                new Family("overview", "GET", "/api/overview?children=true&region=" + insideCountyRef(),
                        "/api/overview?children=true&region=" + outsideCountyRef(), null, aggregates, false),
                new Family("catalog", "GET", "/api/catalog", null, null, r -> true, false),
                new Family("correlation", "GET", "/api/correlation?x=charter_coverage&y=urban_facility_coverage&level=county&year=2020&parent=" + INSIDE,
                        "/api/correlation?x=charter_coverage&y=urban_facility_coverage&level=county&year=2020&parent=" + OUTSIDE, null, aggregates, false),
                new Family("completeness", "GET", "/api/quality/completeness?level=township&year=2020&parent=" + INSIDE,
                        "/api/quality/completeness?level=township&year=2020&parent=" + OUTSIDE, null, aggregates, false),
                new Family("quarantine", "GET", "/api/quality/quarantine?parent=" + INSIDE, "/api/quality/quarantine?parent=" + OUTSIDE, null, quality, true),
                new Family("region", "GET", "/api/regions/" + insideCountyRef(), "/api/regions/" + outsideCountyRef(), null, r -> true, false),
                new Family("sql", "POST", "/api/sql", null, "{\"sql\": \"SELECT unit_code FROM jc1\"}", sql, true),
                new Family("admin users", "GET", "/api/admin/users", null, null, r -> r == Role.ADMIN, false),
                new Family("audit", "GET", "/api/audit", null, null, r -> r == Role.ADMIN, false));
    }

    // the county codes are known only once the server runs; the family list is built lazily through these
    private static String insideCountyRef() { return insideCounty; }
    private static String outsideCountyRef() { return outsideCounty; }

    @TestFactory
    Stream<DynamicTest> everyRoleEveryRouteInsideAndOutside() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Family f : families()) {
            for (Role role : Role.values()) {
                tests.add(DynamicTest.dynamicTest(role.id() + " · " + f.name() + " · inside", () -> {
                    HttpResponse<String> r = send(f.method(), f.inside(), f.body(), tokens.get(role));
                    assertEquals(f.allowed().test(role) ? 200 : 403, r.statusCode(), f.inside() + " → " + r.body());
                    if (r.statusCode() == 200) assertAllInside(r, f.unitLevel() || !f.inside().contains("level=prefecture"));
                    else assertBilingual(r);
                }));
                if (f.outside() == null) continue;
                tests.add(DynamicTest.dynamicTest(role.id() + " · " + f.name() + " · outside", () -> {
                    HttpResponse<String> r = send(f.method(), f.outside(), f.body(), tokens.get(role));
                    assertEquals(403, r.statusCode(), f.outside() + " → " + r.body());
                    assertBilingual(r);
                }));
            }
            tests.add(DynamicTest.dynamicTest("not signed in · " + f.name(), () -> {
                HttpResponse<String> r = send(f.method(), f.inside(), f.body(), null);
                assertEquals(401, r.statusCode(), f.inside() + " → " + r.body());
                assertBilingual(r);
            }));
        }
        return tests.stream();
    }

    @Test
    void openLevelsAreVisibleToEveryoneWhoSeesAggregates() throws Exception {
        JsonNode prefectures = json.readTree(get("/api/values?indicator=charter_coverage&level=prefecture&year=2020", tokens.get(Role.PLANNER)).body());
        assertTrue(prefectures.findValuesAsText("region_code").contains(OUTSIDE), "planners compare every prefecture");
        JsonNode counties = json.readTree(get("/api/values?indicator=charter_coverage&level=county&year=2020", tokens.get(Role.PLANNER)).body());
        assertFalse(counties.isEmpty());
        for (String code : counties.findValuesAsText("region_code")) assertTrue(code.startsWith(INSIDE), code);
        JsonNode children = json.readTree(get("/api/regions?parent=" + OUTSIDE, tokens.get(Role.PLANNER)).body());
        assertEquals(0, children.size(), "a region list never offers what the user may not open");
        JsonNode own = json.readTree(get("/api/regions?parent=" + INSIDE, tokens.get(Role.PLANNER)).body());
        assertFalse(own.isEmpty());
    }

    @Test
    void healthAndLoginArePublic() throws Exception {
        assertEquals(200, get("/api/health", null).statusCode());
        HttpResponse<String> page = get("/", null);
        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("location").orElse("").startsWith("/login.html"));
        assertEquals(200, get("/login.html", null).statusCode());
    }

    static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        return method.equals("POST") ? post(path, body, token) : get(path, token);
    }

    static void assertBilingual(HttpResponse<String> r) throws Exception {
        JsonNode error = json.readTree(r.body()).get("error");
        assertNotNull(error, r.body());
        assertFalse(error.get("zh").asText().isBlank());
        assertFalse(error.get("en").asText().isBlank());
    }

    /** Every region or unit code in the answer lies in 银川 (prefecture values are open, so only closed levels are checked). */
    static void assertAllInside(HttpResponse<String> r, boolean strict) throws Exception {
        if (!strict) return;
        String type = r.headers().firstValue("content-type").orElse("");
        if (type.startsWith("text/csv")) {
            for (String line : r.body().lines().skip(1).toList()) {
                String code = line.replace("\uFEFF", "").split(",")[0].replace("\"", "");
                assertTrue(code.startsWith(INSIDE), "CSV row outside the scope: " + line);
            }
            return;
        }
        JsonNode body = json.readTree(r.body());
        List<String> codes = new ArrayList<>();
        for (String field : List.of("region_code", "unit_code", "code")) codes.addAll(body.findValuesAsText(field));
        if (body.has("rows")) for (JsonNode row : body.get("rows")) codes.add(row.get(0).asText());
        for (String code : codes) {
            if (code.equals("CN") || (code.length() <= 4 && !code.startsWith(INSIDE))) continue; // ancestors and open-level parents
            assertTrue(code.startsWith(INSIDE), "outside the scope: " + code + " in " + r.uri());
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
