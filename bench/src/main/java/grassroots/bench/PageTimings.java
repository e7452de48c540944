package grassroots.bench;

import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Step 8: each dashboard page in Debian's Chromium (headless, 1920×1080), as a first-time visitor sees it (a fresh
 * profile: nothing cached in the browser) and as a returning one (the same profile, loaded again): the time from
 * navigation to the page's charts drawn ({@code window.grassroots.loadedAt}, set by the page itself) and the API
 * requests it made (the browser's own resource timing entries). The server's answers are warmed first, so this
 * measures the page, not the queries behind it. The pages need a signed-in user: the bench's own
 * ({@link BenchUser}) signs in once with a one-time link, and every profile gets that session's cookie without loading
 * a page.
 */
final class PageTimings {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");

    /** The pages measured, by their query string. */
    static final List<String> PAGES = List.of("tab=overview", "tab=compare", "tab=quality", "tab=cockpit", "tab=dictionary", "tab=explore");

    /** One page load: charts drawn at {@code ms}; the scripts ran by {@code scriptsMs} (DOMContentLoaded). */
    record Visit(double ms, double scriptsMs, int apiRequests, int requests, long transferredBytes) {}

    record Timing(String page, List<Visit> fresh, List<Visit> returning) {
        double freshMedianMs() { return median(fresh); }
        double returningMedianMs() { return median(returning); }
        int apiRequests() { return fresh.get(0).apiRequests(); }
        int requests() { return fresh.get(0).requests(); }
        long freshBytes() { return fresh.get(0).transferredBytes(); }
        double freshScriptsMs() { return fresh.stream().mapToDouble(Visit::scriptsMs).sorted().toArray()[fresh.size() / 2]; }
    }

    private final String baseUrl;
    private final int repeats;
    private final Cookie session;

    /** @param signInToken a one-time sign-in token ({@link BenchUser#link}) */
    PageTimings(String baseUrl, int repeats, String signInToken) throws IOException, InterruptedException {
        this.baseUrl = baseUrl;
        this.repeats = repeats;
        this.session = session(baseUrl, signInToken);
    }

    /** Signs in with the one-time token, as a browser following the link would, and keeps the session cookie. */
    private static Cookie session(String baseUrl, String token) throws IOException, InterruptedException {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/signin?token=" + token)).build(),
                HttpResponse.BodyHandlers.discarding());
        for (String header : r.headers().allValues("set-cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0 && !pair.substring(eq + 1).isEmpty()) return new Cookie(pair.substring(0, eq), pair.substring(eq + 1), "/");
        }
        throw new IOException("signing in gave no session cookie (HTTP " + r.statusCode() + ")");
    }

    /** Held, so that its level stays set (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        // Selenium warns on every start that it has no CDP module for this Chromium; the step uses none.
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    List<Timing> run(List<String> pages) throws IOException {
        if (session == null) throw new IllegalStateException("not signed in");
        // Warm the server's response cache (and the JIT) with one visit of every page.
        try (Browser warm = new Browser(session, baseUrl)) {
            for (String page : pages) warm.visit(baseUrl + "/?" + page);
        }
        List<Timing> out = new ArrayList<>();
        for (String page : pages) {
            List<Visit> fresh = new ArrayList<>(), returning = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                try (Browser browser = new Browser(session, baseUrl)) {
                    fresh.add(browser.visit(baseUrl + "/?" + page));
                    browser.visit(baseUrl + "/?tab=dictionary"); // leave, then come back as a returning visitor
                    returning.add(browser.visit(baseUrl + "/?" + page));
                }
            }
            Timing t = new Timing(page, fresh, returning);
            System.out.printf("    │ %-16s fresh %6.0f ms (scripts run by %4.0f ms), returning %6.0f ms, %d API requests (%d in all, %d KB)%n",
                    page, t.freshMedianMs(), t.freshScriptsMs(), t.returningMedianMs(), t.apiRequests(), t.requests(), t.freshBytes() / 1024);
            out.add(t);
        }
        return out;
    }

    private static double median(List<Visit> visits) {
        List<Double> ms = visits.stream().map(Visit::ms).sorted(Comparator.naturalOrder()).toList();
        int n = ms.size();
        return n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
    }

    /** A headless Chromium with a profile of its own, removed when closed. */
    private static final class Browser implements AutoCloseable {
        private final Path profile;
        private final ChromeDriver driver;
        private final WebDriverWait wait;

        /** A fresh profile holding nothing but the session cookie (set on a JSON answer, so no page is cached). */
        Browser(Cookie session, String baseUrl) throws IOException {
            profile = Files.createTempDirectory("grassroots-bench-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1920,1080", "--user-data-dir=" + profile);
            driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
            wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(baseUrl + "/api/health");
            driver.manage().addCookie(session);
        }

        Visit visit(String url) {
            driver.get(url);
            wait.until(d -> Boolean.TRUE.equals(js("return !!(window.grassroots && window.grassroots.loadedAt != null)")));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) js("""
                    const entries = performance.getEntriesByType('resource');
                    return {
                      ms: window.grassroots.loadedAt,
                      scripts: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0,
                      api: entries.filter((e) => new URL(e.name).pathname.startsWith('/api/')).length,
                      all: entries.length + 1,
                      bytes: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0)
                        + (performance.getEntriesByType('navigation')[0]?.transferSize || 0),
                    };""");
            return new Visit(((Number) m.get("ms")).doubleValue(), ((Number) m.get("scripts")).doubleValue(), ((Number) m.get("api")).intValue(),
                    ((Number) m.get("all")).intValue(), ((Number) m.get("bytes")).longValue());
        }

        private Object js(String script) {
            return ((JavascriptExecutor) driver).executeScript(script);
        }

        @Override
        public void close() throws IOException {
            driver.quit();
            org.apache.commons.io.FileUtils.deleteQuietly(profile.toFile());
        }
    }
}
