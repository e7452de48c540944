package grassroots.dashboard;

import grassroots.access.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The upload page and the tracker in Debian's Chromium: a county reporter uploads a file with a problem, sees it by row
 * and field with the workbook link, submits; the province's data manager finds the county in the tracker and approves
 * it; no console errors. Screenshots go to {@code target/screenshots/}.
 */
class SubmissionsBrowserTest extends LiveServer {
    static ChromeDriver browser;
    static WebDriverWait wait;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @BeforeAll
    static void openBrowser() throws Exception {
        boolean installed = Files.isExecutable(BrowserTest.CHROMIUM) && Files.isExecutable(BrowserTest.DRIVER);
        if (System.getenv("CI") != null) assertTrue(installed, ".ci/run installs chromium and chromium-driver");
        assumeTrue(installed, "Debian's chromium and chromium-driver are needed for browser tests");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1366,900",
                "--user-data-dir=" + Files.createTempDirectory("grassroots-chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(BrowserTest.DRIVER.toFile()).build(), options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // tables are redrawn after each action
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.quit();
    }

    static void open(String user, String tab) {
        browser.get(signInLink(user));
        browser.get("http://127.0.0.1:" + app.port() + "/?tab=" + tab);
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return !!(window.grassroots && window.grassroots.loaded)")));
    }

    static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) errors.add(e.getMessage());
        }
        return errors;
    }

    @Test
    void aReporterUploadsAndSubmitsAndTheManagerApprovesInTheTracker() throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve("returns/JC-2/64/JC-2_64_2020.csv"), StandardCharsets.UTF_8);
        String county = lines.get(1).substring(0, 6);
        List<String> rows = new ArrayList<>(List.of(lines.get(0)));
        lines.stream().skip(1).filter(l -> l.startsWith(county)).forEach(rows::add);
        String[] bad = rows.get(1).split(",", -1);
        bad[List.of(lines.get(0).split(",")).indexOf("station_staff")] = "很多";
        rows.set(1, String.join(",", bad));
        Path file = tmp.resolve("乡镇社工站.csv");
        Files.writeString(file, String.join("\n", rows) + "\n");
        tokenOf("page-reporter", Role.REPORTER, county);
        tokenOf("page-manager", Role.MANAGER, "64");

        open("page-reporter", "submit");
        assertFalse(browser.findElement(By.id("tab-submit")).getAttribute("hidden") != null, "the reporter's tab is offered");
        assertNotNull(browser.findElement(By.id("tab-tracker")).getAttribute("hidden"), "the tracker is a manager's");
        wait.until(d -> new Select(d.findElement(By.id("submit-form-id"))).getOptions().size() >= 2);
        new Select(browser.findElement(By.id("submit-form-id"))).selectByValue("JC-2");
        new Select(browser.findElement(By.id("submit-year"))).selectByValue("2020");
        browser.findElement(By.id("submit-file")).sendKeys(file.toString());
        browser.findElement(By.id("submit-upload")).click();
        WebElement summary = wait.until(d -> d.findElement(By.cssSelector("[data-testid=submit-summary]")));
        assertTrue(summary.getText().contains("有问题 1 行"), summary.getText());
        WebElement problem = browser.findElement(By.cssSelector("[data-testid=problems] tbody tr"));
        assertTrue(problem.getText().contains("station_staff"), problem.getText());
        assertTrue(problem.getText().contains("应为数字"), problem.getText());
        WebElement xlsx = browser.findElement(By.cssSelector("#submit-result a[href$='problems?format=xlsx']"));
        String id = xlsx.getAttribute("href").replaceAll(".*/submissions/(\\d+)/.*", "$1");
        screenshot("submit-checked");
        browser.findElement(By.cssSelector("#submit-result [data-testid=submit-" + id + "]")).click();
        wait.until(d -> "submitted".equals(d.findElement(By.cssSelector("#submit-list tr[data-submission='" + id + "']")).getAttribute("data-status")));
        assertEquals(List.of(), consoleErrors());

        open("page-manager", "tracker");
        WebElement parent = browser.findElement(By.id("tracker-parent"));
        wait.until(d -> "64".equals(parent.getAttribute("value")));
        new Select(browser.findElement(By.id("tracker-form-id"))).selectByValue("JC-2");
        new Select(browser.findElement(By.id("tracker-year"))).selectByValue("2020");
        parent.clear();
        parent.sendKeys(county.substring(0, 4));
        browser.findElement(By.cssSelector("#tracker-form button[type=submit]")).click();
        By row = By.cssSelector("#tracker-regions tr[data-region='" + county + "']");
        wait.until(d -> "submitted".equals(d.findElement(row).getAttribute("data-status")));
        assertTrue(browser.findElement(By.id("tracker-summary")).getText().contains("截止日期 2021-03-31"));
        screenshot("tracker-submitted");
        browser.findElement(row).findElement(By.cssSelector("[data-testid=approve-" + id + "]")).click();
        wait.until(d -> "approved".equals(d.findElement(row).getAttribute("data-status")));
        assertTrue(browser.findElement(row).getText().contains("已锁定"), browser.findElement(row).getText());
        assertTrue(browser.findElement(By.id("tracker-publishing")).getText().contains("待发布"));
        screenshot("tracker-approved");

        browser.findElement(By.cssSelector("[data-testid=lang-en]")).click();
        wait.until(d -> d.findElement(By.id("heading-tracker")).getText().contains("Reporting tracker"));
        assertEquals(List.of(), consoleErrors());
    }
}
