package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.StateDatabases;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cockpit, the maps below the provinces and the overview's request count, in Debian's Chromium over a real
 * server on a small real warehouse: Hainan (whose 三沙 and 儋州 have no shape in the geometry, so the page must list
 * them) and Ningxia, 2019–2020. Screenshots go to {@code target/screenshots/}.
 */
class CockpitMapsBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final ObjectMapper json = new ObjectMapper();

    @TempDir
    static Path tmp;
    static WarehouseDir dir;
    static LiveWarehouse warehouse;
    static AccessState access;
    static String adminToken;
    static Javalin app;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (System.getenv("CI") != null) assertTrue(installed, ".ci/run installs chromium and chromium-driver");
        assumeTrue(installed, "Debian's chromium and chromium-driver are needed for browser tests");
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("46", "64"), 2019, 2020, 20111, SampleGenerator.Headers.ID));
        dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));
        warehouse = new LiveWarehouse(dir, catalog);
        access = new AccessState(StateDatabase.open(StateDatabases.h2Url(tmp.resolve("state"))));
        adminToken = access.tokens.issue(access.users.add("admin", Role.ADMIN, Scope.NATION, "a test password 1"), "tests");
        app = Server.create(warehouse, access, Server.Options.local(0)).start();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1920,1080",
                "--user-data-dir=" + Files.createTempDirectory("grassroots-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
        // Signed in as the national administrator through a one-time link, as the demo prints one.
        browser.get(base() + "/signin?token=" + access.tokens.issueLink(access.users.find("admin").orElseThrow()));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (app != null) app.stop();
        if (warehouse != null) warehouse.close();
        if (access != null) access.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    static String base() {
        return "http://127.0.0.1:" + app.port();
    }

    static void open(String query) {
        browser.manage().logs().get(LogType.BROWSER); // start each page with an empty log
        browser.get(base() + "/?" + query);
        wait.until(d -> Boolean.TRUE.equals(js("return !!(window.grassroots && window.grassroots.loaded)")));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    static void assertNoConsoleErrors(String page) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        }
        assertEquals(List.of(), errors, "console errors on " + page);
    }

    /** A screen of the given size: a desktop window, or a phone's viewport (375 px, as mobile Chrome lays it out). */
    static void screen(int width, int height, boolean phone) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", phone ? 2 : 1, "mobile", phone));
    }

    static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Authorization", "Bearer " + adminToken).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + " → " + r.body());
        return json.readTree(r.body());
    }

    /**
     * Elements of the page that stick out of the viewport's width (or height, {@code withinHeight}: a wall screen does
     * not scroll) or whose content is cut off by their own box, described.
     */
    static List<?> overflowing(String selector, boolean withinHeight) {
        return (List<?>) js("""
                const out = [];
                const vw = document.documentElement.clientWidth, vh = window.innerHeight;
                if (document.documentElement.scrollWidth > vw + 1) out.push(`page ${document.documentElement.scrollWidth} > ${vw} wide`);
                for (const node of document.querySelectorAll(arguments[0])) {
                  const r = node.getBoundingClientRect();
                  if (r.left < -1 || r.right > vw + 1) out.push(`${node.className} at x ${r.left}–${r.right}`);
                  if (arguments[1] && r.bottom > vh + 1) out.push(`${node.className} at y ${r.top}–${r.bottom}`);
                  if (node.scrollHeight > node.clientHeight + 2 && getComputedStyle(node).overflowY !== 'auto') out.push(`${node.className} cut: ${node.scrollHeight} > ${node.clientHeight}`);
                }
                return out;""", selector, withinHeight);
    }

    // ---- the cockpit ----------------------------------------------------------------------------------------------

    @Test
    void theCockpitFitsAWallScreenALaptopAndAPhone() throws Exception {
        String snapshot = getJson("/api/health").get("snapshot").asText();
        record Screen(String name, int width, int height, boolean phone) {}
        try {
            for (Screen s : List.of(new Screen("1920", 1920, 1080, false), new Screen("1366", 1366, 768, false), new Screen("375", 375, 812, true))) {
                screen(s.width(), s.height(), s.phone());
                open("tab=cockpit&region=46");
                assertEquals(List.of((long) s.width(), (long) s.height()), js("return [document.documentElement.clientWidth, window.innerHeight]"), "viewport of " + s.name());
                assertFalse(browser.findElements(By.cssSelector("[data-testid=cockpit-card]")).isEmpty(), "target cards on " + s.name());
                for (WebElement card : browser.findElements(By.cssSelector("[data-testid=cockpit-card]"))) {
                    assertTrue(card.isDisplayed(), "a card is visible on " + s.name());
                }
                assertTrue(((Number) js("return window.grassroots.charts['cockpit-map'].getOption().series[0].data.length")).intValue() >= 3,
                        "Hainan's prefectures on the map on " + s.name());
                assertTrue(((Number) js("return window.grassroots.charts['cockpit-trends'].getOption().series.length")).intValue() >= 10,
                        "the small multiples on " + s.name());
                assertTrue(browser.findElement(By.cssSelector("[data-testid=cockpit-snapshot]")).getText().contains(snapshot),
                        "the snapshot shown on " + s.name());
                assertEquals(List.of(), overflowing(".cockpit-block, .cockpit-card, .cockpit-head, #cockpit-stage", !s.phone()), "overflow on " + s.name());
                assertFalse(browser.findElement(By.cssSelector("[data-testid=cockpit-leaders]")).getText().isBlank(), "leading prefectures");
                screenshot("cockpit-" + s.name());
                assertNoConsoleErrors("cockpit " + s.name());
            }
        } finally {
            screen(1920, 1080, false);
        }
    }

    @Test
    void theCockpitKeepsItsStateInTheUrlRotatesAndSpeaksEnglish() throws Exception {
        open("tab=cockpit&region=46&indicator=charter_coverage&rotate=5&lang=en");
        assertTrue(browser.findElement(By.cssSelector(".cockpit-title")).getText().contains("cockpit"), "English");
        assertEquals("true", browser.findElement(By.id("cockpit-rotate")).getAttribute("aria-pressed"));
        // The next indicator comes after five seconds, and the URL follows it.
        wait.until(d -> !d.getCurrentUrl().contains("indicator=charter_coverage"));
        String url = browser.getCurrentUrl();
        assertTrue(url.contains("rotate=5") && url.contains("region=46") && url.contains("lang=en"), url);
        String indicator = (String) js("return window.grassroots.state.indicator");
        assertTrue(url.contains("indicator=" + indicator), url);
        assertEquals(indicator, js("return document.querySelector('#cockpit-indicator').value"));
        assertNoConsoleErrors("cockpit rotating");
    }

    @Test
    void theCockpitRedrawsItselfWhenANewSnapshotIsPublished() throws Exception {
        open("tab=cockpit&region=64&indicator=charter_coverage");
        String before = browser.findElement(By.cssSelector("[data-testid=cockpit-snapshot]")).getText();
        // poll every 300 ms instead of 30 s; choosing another indicator redraws the page and restarts its timers
        js("GR.pages.cockpit.pollMs = 300; window.__sameDocument = true;");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("cockpit-indicator"))).selectByValue("social_work_station_coverage");
        wait.until(d -> d.getCurrentUrl().contains("indicator=social_work_station_coverage"));

        grassroots.warehouse.store.Snapshot next = dir.derive(dir.requireCurrent(), "cockpit-next");
        new grassroots.warehouse.store.MartBuilder(Catalog.standard()).build(next);
        dir.publish(next);

        // the page reloads under the wait: an element or script of the old document may be gone when it is read
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.JavascriptException.class)
                .until(d -> browser.findElement(By.cssSelector("[data-testid=cockpit-snapshot]")).getText().contains("cockpit-next"));
        wait.until(d -> Boolean.TRUE.equals(js("return !!(window.grassroots && window.grassroots.loaded)")));
        assertNull(js("return window.__sameDocument"), "the page reloaded itself on the new snapshot");
        assertFalse(before.contains("cockpit-next"), before);
        assertTrue(browser.getCurrentUrl().contains("indicator=social_work_station_coverage"), "the state survives the reload: " + browser.getCurrentUrl());
        assertNoConsoleErrors("cockpit after a new snapshot");
    }

    // ---- maps -----------------------------------------------------------------------------------------------------

    @Test
    void mapsDrillFromProvinceToPrefecturesToCounties() throws Exception {
        open("tab=compare&indicator=charter_coverage&year=2020&region=46");
        assertEquals("divisions-46-prefecture", js("return window.grassroots.charts.map.getOption().series[0].map"));
        @SuppressWarnings("unchecked")
        List<String> drawn = (List<String>) js("return window.grassroots.charts.map.getOption().series[0].data.map(d => d.name)");
        assertTrue(drawn.containsAll(List.of("4601", "4602")), "海口 and 三亚 matched by code: " + drawn);
        Set<String> listed = listedUnmatched();
        assertTrue(listed.containsAll(Set.of("4603", "4604")), "三沙 and 儋州 have no shape: listed " + listed);
        assertTrue(browser.findElement(By.cssSelector("[data-testid=map-unmatched]")).isDisplayed());
        // Every prefecture with data is on the map or in the list, never dropped.
        JsonNode prefectures = getJson("/api/values?indicator=charter_coverage&level=prefecture&year=2020&parent=46");
        Set<String> all = new HashSet<>();
        prefectures.forEach(r -> all.add(r.get("region_code").asText()));
        Set<String> union = new HashSet<>(drawn);
        union.addAll(listed);
        assertEquals(all, union);
        screenshot("map-hainan-prefectures");

        open("tab=compare&indicator=charter_coverage&year=2020&region=64");
        assertEquals("divisions-64-prefecture", js("return window.grassroots.charts.map.getOption().series[0].map"));
        clickMapArea("6401");
        wait.until(d -> d.getCurrentUrl().contains("region=6401"));
        wait.until(d -> Boolean.TRUE.equals(js("return window.grassroots.loaded && window.grassroots.charts.map?.getOption().series[0].map === 'divisions-6401-county'")));
        @SuppressWarnings("unchecked")
        List<String> counties = (List<String>) js("return window.grassroots.charts.map.getOption().series[0].data.map(d => d.name)");
        JsonNode expected = getJson("/api/values?indicator=charter_coverage&level=county&year=2020&parent=6401");
        Set<String> countyCodes = new HashSet<>();
        expected.forEach(r -> countyCodes.add(r.get("region_code").asText()));
        Set<String> countyUnion = new HashSet<>(counties);
        countyUnion.addAll(listedUnmatched());
        assertEquals(countyCodes, countyUnion, "银川's counties on the map or listed");
        assertTrue(counties.contains("640104"), "兴庆区 by its code: " + counties);
        screenshot("map-yinchuan-counties");
        assertNoConsoleErrors("maps");
    }

    /** Clicks the middle of a region's shape on the compare page's map, as a planner would. */
    static void clickMapArea(String code) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) js("""
                const chart = window.grassroots.charts.map;
                const name = chart.getOption().series[0].map;
                const geo = echarts.getMap(name).geoJSON ?? echarts.getMap(name).geoJson;
                const feature = geo.features.find((f) => f.properties.name === arguments[0]);
                const rings = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates[0]] : feature.geometry.coordinates.map((p) => p[0]);
                const ring = rings.sort((a, b) => b.length - a.length)[0];
                const [x, y] = ring.reduce(([sx, sy], [px, py]) => [sx + px / ring.length, sy + py / ring.length], [0, 0]);
                const [px, py] = chart.convertToPixel({ seriesIndex: 0 }, [x, y]);
                const box = chart.getDom().getBoundingClientRect();
                return [box.left + px, box.top + py];""", code);
        new Actions(browser).moveToLocation(xy.get(0).intValue(), xy.get(1).intValue()).click().perform();
    }

    static Set<String> listedUnmatched() {
        Set<String> codes = new HashSet<>();
        for (WebElement li : browser.findElements(By.cssSelector("#panel-map [data-testid=map-unmatched] li"))) codes.add(li.getAttribute("data-code"));
        return codes;
    }

    /**
     * For every province of today's hierarchy, the page's matching puts each of its prefectures either on the map or in
     * the list of regions without a shape: matched ∪ listed = all, and nothing in both.
     */
    @Test
    void everyPrefectureIsMatchedOrListedInEveryProvince() throws Exception {
        Map<String, List<String>> prefectures = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/grassroots/regions/cities.csv.gz")), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",");
                prefectures.computeIfAbsent(f[2], k -> new ArrayList<>()).add(f[0]);
            }
        }
        assertEquals(31, prefectures.size());
        assertEquals(342, prefectures.values().stream().mapToInt(List::size).sum());
        open("tab=dictionary");
        int unmatchedTotal = 0;
        for (var e : prefectures.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> result = (Map<String, List<String>>) ((JavascriptExecutor) browser).executeAsyncScript("""
                    const [province, codes, done] = arguments;
                    GR.maps.layer(province, 'prefecture').then((layer) => {
                      const { matched, unmatched } = layer.match(codes.map((code) => ({ region_code: code })));
                      done({ matched: matched.map((r) => r.region_code), unmatched: unmatched.map((r) => r.region_code),
                             shapes: [...layer.codes] });
                    }, (error) => done({ error: String(error) }));""", e.getKey(), e.getValue());
            assertNull(result.get("error"), e.getKey() + ": " + result.get("error"));
            Set<String> matched = new HashSet<>(result.get("matched")), unmatched = new HashSet<>(result.get("unmatched"));
            Set<String> union = new HashSet<>(matched);
            union.addAll(unmatched);
            assertEquals(new HashSet<>(e.getValue()), union, "province " + e.getKey() + ": matched ∪ listed = all prefectures");
            assertTrue(matched.stream().noneMatch(unmatched::contains), "province " + e.getKey() + ": none both");
            assertTrue(new HashSet<>(result.get("shapes")).containsAll(matched), "province " + e.getKey() + ": matched means a shape");
            assertFalse(matched.isEmpty(), "province " + e.getKey() + " has a map");
            unmatchedTotal += unmatched.size();
        }
        assertTrue(unmatchedTotal < 40, "most prefectures have a shape (unmatched: " + unmatchedTotal + ")");
    }

    // ---- the overview ---------------------------------------------------------------------------------------------

    @Test
    void theOverviewNeedsAtMostThreeApiRequestsAndFitsAPhone() throws Exception {
        for (String region : List.of("CN", "46")) {
            open("tab=overview&region=" + region);
            @SuppressWarnings("unchecked")
            List<String> api = (List<String>) js("return performance.getEntriesByType('resource').map((e) => new URL(e.name))"
                    + ".filter((u) => u.pathname.startsWith('/api/')).map((u) => u.pathname + u.search)");
            assertTrue(api.size() <= 3, "API requests of the overview of " + region + ": " + api);
            assertTrue(browser.findElements(By.cssSelector(".card .card-value")).size() >= 10, "cards drawn for " + region);
            assertNoConsoleErrors("overview " + region);
        }
        try {
            screen(375, 812, true);
            open("tab=overview&region=46");
            assertEquals(List.of(), overflowing(".card, .panel", false), "overview at 375 px");
            screenshot("overview-375");
        } finally {
            screen(1920, 1080, false);
        }
    }
}
