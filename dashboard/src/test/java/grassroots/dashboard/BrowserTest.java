package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser (Debian's Chromium, headless): every page loads without console errors, its charts
 * hold what the API returned, drill-down and the URL state work, downloads have the right rows, and the language switch
 * works. Screenshots of each page go to {@code target/screenshots/}.
 */
class BrowserTest extends LiveServer {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");
    static ChromeDriver browser;
    static WebDriverWait wait;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static Path downloads;

    @BeforeAll
    static void openBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (System.getenv("CI") != null) assertTrue(installed, ".ci/run installs chromium and chromium-driver");
        assumeTrue(installed, "Debian's chromium and chromium-driver are needed for browser tests");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,768",
                "--user-data-dir=" + Files.createTempDirectory("grassroots-chromium"));
        downloads = Files.createTempDirectory("grassroots-downloads");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "plugins.always_open_pdf_externally", true));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
        browser.get(signInLink("admin")); // the demo's one-time link: the browser is signed in as the admin
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.quit();
    }

    @BeforeEach
    void clearLog() {
        browser.manage().logs().get(LogType.BROWSER);
    }

    static String base() {
        return "http://127.0.0.1:" + app.port();
    }

    /** Opens a view and waits until the page says every visible chart is drawn. */
    static void open(String query) {
        browser.get(base() + "/?" + query);
        awaitLoaded();
    }

    static void awaitLoaded() {
        wait.until(d -> Boolean.TRUE.equals(js("return !!(window.grassroots && window.grassroots.loaded)")));
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    static void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void assertNoConsoleErrors(String page) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        }
        assertEquals(List.of(), errors, "console errors on " + page);
    }

    @Test
    void everyPageLoadsWithoutConsoleErrors() throws Exception {
        for (String tab : List.of("overview", "compare", "explore", "quality", "dictionary")) {
            open("tab=" + tab + "&year=2020");
            assertEquals(tab, js("return window.grassroots.page"));
            assertTrue(browser.findElement(By.id("tab-" + tab)).isDisplayed());
            screenshot(tab);
            assertNoConsoleErrors(tab);
        }
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1920, 1080));
        try {
            open("tab=overview&year=2020");
            screenshot("overview-1920");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
        }
    }

    @Test
    void theRankingHoldsWhatTheApiReturned() throws Exception {
        open("tab=compare&indicator=charter_coverage&year=2020&region=64");
        JsonNode api = getJson("/api/ranking?indicator=charter_coverage&level=prefecture&year=2020&parent=64", 200);
        @SuppressWarnings("unchecked")
        List<Object> shown = (List<Object>) js("return window.grassroots.charts.ranking.getOption().series[0].data"
                + ".map(d => (d && typeof d === 'object') ? d.value : d)");
        List<Double> expected = new ArrayList<>();
        api.forEach(r -> expected.add(r.get("value").asDouble()));
        List<Double> actual = shown.stream().map(v -> ((Number) (v instanceof List<?> l ? l.get(0) : v)).doubleValue()).sorted().toList();
        assertEquals(expected.stream().sorted().toList().size(), actual.size());
        for (int i = 0; i < actual.size(); i++) assertEquals(expected.stream().sorted().toList().get(i), actual.get(i), 1e-9);
        assertNoConsoleErrors("compare");
    }

    @Test
    void drillDownAndTheUrlStateSurviveBackAndReload() throws Exception {
        open("tab=compare&indicator=charter_coverage&year=2020");
        WebElement ningxia = wait.until(d -> d.findElement(By.cssSelector("[data-testid=compare-table]"))
                .findElement(By.linkText("宁夏回族自治区")));
        ningxia.click();
        awaitLoaded();
        wait.until(d -> d.getCurrentUrl().contains("region=64"));
        assertTrue(browser.findElement(By.cssSelector("[data-testid=breadcrumbs]")).getText().contains("宁夏"));
        assertEquals(5L, js("return window.grassroots.charts.ranking.getOption().series[0].data.length"), "Ningxia's prefectures");
        String drilled = browser.getCurrentUrl();
        browser.navigate().back();
        awaitLoaded();
        wait.until(d -> !d.getCurrentUrl().contains("region=64"));
        assertEquals(31L, js("return window.grassroots.charts.ranking.getOption().series[0].data.length"), "back to the provinces");
        browser.get(drilled);
        awaitLoaded();
        assertEquals(5L, js("return window.grassroots.charts.ranking.getOption().series[0].data.length"), "a copied link restores the view");
        screenshot("compare-drilled");
        assertNoConsoleErrors("drill-down");
    }

    @Test
    void downloadsHoldTheRowsShown() throws Exception {
        open("tab=compare&indicator=charter_coverage&year=2020&region=64");
        String csv = browser.findElement(By.cssSelector("[data-testid=download-csv]")).getAttribute("href");
        assertNotNull(csv);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(csv)).header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), csv);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF"), "a BOM so that Excel shows Chinese");
        long shown = (Long) js("return window.grassroots.charts.ranking.getOption().series[0].data.length");
        assertEquals(shown + 1, text.strip().split("\r\n").length, "header and the rows behind the chart: " + csv);
        String xlsx = browser.findElement(By.cssSelector("[data-testid=download-xlsx]")).getAttribute("href");
        HttpResponse<byte[]> x = http.send(HttpRequest.newBuilder(URI.create(xlsx)).header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, x.statusCode());
        assertEquals('P', (char) x.body()[0], "an XLSX is a zip");
    }

    @Test
    void aProvinceShowsTheNationalTargetItInherits() throws Exception {
        open("tab=overview&region=64&year=2020");
        JsonNode target = getJson("/api/targets?indicator=social_work_station_coverage&region=64", 200).get(0);
        assertTrue(target.get("inherited").asBoolean());
        JsonNode zh = json.readTree(BrowserTest.class.getResourceAsStream("/public/i18n/zh-CN.json"));
        WebElement line = browser.findElement(By.cssSelector("#card-social_work_station_coverage .card-target"));
        assertEquals(zh.get("status." + target.get("status").asText()).asText(), line.findElement(By.cssSelector(".status")).getText());
        assertTrue(line.getText().contains(zh.get("overview.inherited").asText()), line.getText());
        assertTrue(line.getAttribute("title").contains("最小二乘"), "the rule as the tooltip: " + line.getAttribute("title"));
        assertNoConsoleErrors("overview targets");
        open("tab=dictionary");
        String rule = browser.findElement(By.cssSelector("#dict-social_work_station_coverage .target-rule")).getText();
        assertTrue(rule.contains("公布精度") && rule.contains("logit"), "the dictionary states the rule: " + rule);
        WebElement api = browser.findElement(By.cssSelector("[data-testid=openapi-link]"));
        assertTrue(api.getAttribute("href").endsWith("/api/openapi.json") && api.getText().contains("OpenAPI"), "the dictionary links the API description");
    }

    @Test
    void theReportButtonDownloadsTheRegionsReviewAsPdf() throws Exception {
        open("tab=overview&region=64&year=2020");
        WebElement button = browser.findElement(By.cssSelector("[data-testid=report-pdf]"));
        assertEquals("下载评估报告", button.getText());
        assertTrue(button.getAttribute("href").contains("region=64"), button.getAttribute("href"));
        button.click();
        // Chromium writes NAME.crdownload and renames it when the download is complete
        Path pdf = new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".pdf")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(pdf.getFileName().toString().contains("宁夏回族自治区"), pdf.toString());
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(text.contains("宁夏回族自治区“十三五”时期基层治理指标评估报告"), text.substring(0, Math.min(300, text.length())));
        }
        assertNoConsoleErrors("report download");
    }

    @Test
    void theSqlEditorRunsAQueryAndItsLinkReopensIt() throws Exception {
        open("tab=explore");
        WebElement input = browser.findElement(By.cssSelector("[data-testid=sql-input]"));
        input.clear();
        input.sendKeys("SELECT year, count(*) AS units FROM jc1 GROUP BY year ORDER BY year");
        js("window.grassroots.loaded = false");
        browser.findElement(By.cssSelector("[data-testid=sql-run]")).click();
        WebElement results = wait.until(d -> d.findElement(By.cssSelector("[data-testid=sql-results]")));
        assertTrue(results.getText().contains("2019") && results.getText().contains("2020"), results.getText());
        String link = browser.findElement(By.cssSelector("[data-testid=sql-link]")).getAttribute("href");
        browser.get(link);
        awaitLoaded();
        // a link fills the editor and never runs SQL on its own: the user reads it, then runs it
        assertEquals("SELECT year, count(*) AS units FROM jc1 GROUP BY year ORDER BY year",
                browser.findElement(By.cssSelector("[data-testid=sql-input]")).getAttribute("value"));
        assertTrue(browser.findElements(By.cssSelector("[data-testid=sql-results]")).isEmpty(), "the link ran the query");
        browser.findElement(By.cssSelector("[data-testid=sql-run]")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=sql-results]")).getText().contains("2020"));
        screenshot("explore-query");
        assertNoConsoleErrors("explore");
    }

    @Test
    void signingInAndOutInTheBrowser() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(base() + "/?tab=compare");
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        assertTrue(browser.findElement(By.tagName("body")).getText().contains("用户名"), "a Chinese sign-in page");
        browser.findElement(By.id("login-name")).sendKeys("admin");
        browser.findElement(By.id("login-password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=login-error]")).isDisplayed());
        assertTrue(browser.findElement(By.cssSelector("[data-testid=login-error]")).getText().contains("用户名或密码错误"));
        access.throttle.succeeded("admin"); // the one failure above must not slow the other tests
        browser.manage().logs().get(LogType.BROWSER); // the browser logs the refused sign-in's 401 itself: expected
        browser.findElement(By.id("login-password")).clear();
        browser.findElement(By.id("login-password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        wait.until(d -> d.getCurrentUrl().contains("tab=compare"));
        awaitLoaded();
        assertTrue(browser.findElement(By.cssSelector("[data-testid=user-box]")).getText().contains("admin"));
        screenshot("signed-in");
        browser.findElement(By.cssSelector("[data-testid=sign-out]")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        browser.get(base() + "/");
        wait.until(d -> d.getCurrentUrl().contains("/login.html"));
        browser.get(signInLink("admin"));
        awaitLoaded();
        assertNoConsoleErrors("sign-in");
    }

    @Test
    void theAdminPageListsUsersAndTheAuditLog() throws Exception {
        open("tab=admin");
        wait.until(d -> d.findElement(By.cssSelector("[data-testid=admin-users]")).getText().contains("admin"));
        wait.until(d -> !d.findElements(By.cssSelector("[data-testid=admin-audit] tbody tr")).isEmpty());
        screenshot("admin");
        assertNoConsoleErrors("admin");
    }

    @Test
    void theLanguageSwitchesToEnglishAndBack() {
        open("tab=dictionary");
        assertEquals("zh-CN", js("return document.documentElement.lang"));
        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        awaitLoaded();
        wait.until(d -> "en".equals(js("return document.documentElement.lang")));
        assertTrue(browser.getCurrentUrl().contains("lang=en"));
        String body = browser.findElement(By.tagName("body")).getText();
        assertTrue(body.contains("Urban community service facility coverage"), "indicator names from the catalog");
        browser.findElement(By.cssSelector("[data-testid=lang-zh]")).click();
        wait.until(d -> "zh-CN".equals(js("return document.documentElement.lang")));
        assertNoConsoleErrors("language");
    }

    @Test
    void lowCompletenessIsFlaggedNotHidden() throws Exception {
        // Ningxia's sample alone: every other province reported nothing, so the national comparison flags them.
        open("tab=compare&indicator=charter_coverage&year=2020");
        String page = browser.findElement(By.tagName("body")).getText();
        assertTrue(page.contains("⚠") || !browser.findElements(By.cssSelector(".badge, .row-low")).isEmpty(),
                "a visible flag for incomplete values");
        Map<?, ?> state = (Map<?, ?>) js("return window.grassroots.state");
        assertEquals("compare", state.get("tab"));
    }
}
