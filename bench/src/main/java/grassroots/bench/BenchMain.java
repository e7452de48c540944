package grassroots.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./grassroots bench}: what the whole flow costs on this machine, next to the fastest single-machine
 * alternative, in ten steps (generate; full ETL; DuckDB-only baseline and plain Spark job; incremental ETL after one
 * resubmission; API under load; researcher queries; server memory; pages in Chromium; returns through the web; a fresh
 * clone's demo). Prints a table of figures against their goals and writes it into
 * {@code docs/BENCHMARKS.md}. A benchmark, not a test: it measures, it does not pass or fail on speed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"基准测试：全国规模的生成、ETL、增量ETL、接口负载和研究查询，与仅用DuckDB的基线对比。",
                "Benchmarks generate, ETL, incremental ETL, API load and researcher queries against a DuckDB-only baseline."})
public final class BenchMain implements java.util.concurrent.Callable<Integer> {
    /** How big a run is: the whole country, or one province for a quick check. */
    enum Scale {
        NATIONAL("all", 10), PROVINCE("32", 5);

        final String provinces;
        final int loadSeconds;

        Scale(String provinces, int loadSeconds) {
            this.provinces = provinces;
            this.loadSeconds = loadSeconds;
        }

        String id() { return name().toLowerCase(Locale.ROOT); }
    }

    @Option(names = "--scale", defaultValue = "national", description = "national (default: 31 provinces, every year of the sample) or province (Jiangsu only)")
    String scale;

    @Option(names = "--root", required = true, description = "the project directory (the launcher passes it)")
    Path root;

    @Option(names = "--work", description = "where the sample, warehouses and scripts go (default: data/bench/<scale>)")
    Path work;

    @Option(names = "--report", description = "the document to write the results into (default: docs/BENCHMARKS.md)")
    Path report;

    @Option(names = "--load-seconds", description = "length of each wrk run (default: 10 national, 5 province)")
    Integer loadSeconds;

    @Option(names = "--serving-only", description = "reuse the warehouse of an earlier bench in --work: measure only steps 5–8")
    boolean servingOnly;

    @Option(names = "--pages-only", description = "only step 8 (pages in Chromium) over the warehouse in --work or --warehouse; prints, writes no report unless --report")
    boolean pagesOnly;

    @Option(names = "--warehouse", description = "with --pages-only: the warehouse to serve (default: the one in --work)")
    Path pagesWarehouse;

    @Option(names = "--submissions-only", description = "only step 9 (returns through the web) over the returns and warehouse in --work; prints, writes no report unless --report")
    boolean submissionsOnly;

    @Option(names = "--demo-only", description = "only step 10 (a fresh clone's ./grassroots demo until the dashboard answers); prints, writes no report unless --report")
    boolean demoOnly;

    @Option(names = "--page-repeats", defaultValue = "5", description = "visits of each page per profile kind in step 8 (the median is reported)")
    int pageRepeats;

    /** The province that resubmits a year in step 4, and the year. */
    static final String RESUBMITTING_PROVINCE = "32";

    private static final int[] CONNECTIONS = {1, 8, 64};
    private static final double ETL_GOAL_RATIO = 2.0, INCREMENTAL_GOAL_SHARE = 0.05, P95_GOAL_MS = 50, QUERY_GOAL_MS = 1000,
            QUERY_GOAL_OVERHEAD = 1.2;
    private static final long SERVER_GOAL_BYTES = 1L << 30, ETL_GOAL_BYTES = 4L << 30;
    private static final double PAGE_GOAL_MS = 1000;
    private static final int OVERVIEW_GOAL_REQUESTS = 3;
    private static final double CHECK_GOAL_MS = 3000, PUBLISH_GOAL_SECONDS = 15, DEMO_GOAL_SECONDS = 180;

    public static void main(String[] args) {
        System.exit(Cli.run(new BenchMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        Scale s = switch (scale.toLowerCase(Locale.ROOT)) {
            case "national" -> Scale.NATIONAL;
            case "province" -> Scale.PROVINCE;
            default -> throw new IllegalArgumentException("--scale must be national or province, not '" + scale + "'");
        };
        root = root.toAbsolutePath().normalize();
        Path dir = (work == null ? root.resolve("data/bench").resolve(s.id()) : work).toAbsolutePath();
        Path returns = dir.resolve("returns"), warehouse = dir.resolve("warehouse");
        int seconds = loadSeconds == null ? s.loadSeconds : loadSeconds;
        long benchStart = System.nanoTime();
        if (pagesOnly) return pagesOnly(s, pagesWarehouse == null ? warehouse : pagesWarehouse.toAbsolutePath());
        if (demoOnly) return alone(s, r -> demo(r, dir, s));
        if (submissionsOnly) return alone(s, r -> submissions(r, returns, warehouse));

        Report r = new Report(s.id());
        r.context("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + Report.gib(totalMemory())
                + " RAM; Java " + System.getProperty("java.version") + "; DuckDB " + duckdbVersion() + "; commit "
                + gitCommit() + "; " + LocalDate.now());
        r.context("sample: provinces " + s.provinces + ", years " + Catalog.standard().firstYear() + "–" + Catalog.standard().lastPlanYear()
                + " (`./grassroots generate`, CSV, no defects)");

        Child.Outcome full = null;
        if (!servingOnly) {
            org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
            Files.createDirectories(dir);

            step(1, "generating the sample");
            Child.Outcome gen = launcher("generate", "--out", returns.toString(), "--provinces", s.provinces);
            r.add(Report.Figure.of("1 generate", "time", Report.seconds(gen.seconds())));
            r.context("input: " + lastLine(gen, "generated") + "; " + Report.gib(sizeOf(returns)) + " of CSV");

            step(2, "full ETL");
            full = launcher("etl", "--returns", returns.toString(), "--warehouse", warehouse.toString());
            r.add(Report.Figure.of("2 ETL (full)", "time", Report.seconds(full.seconds())));
            r.add(new Report.Figure("2 ETL (full)", "peak memory (RSS)", Report.gib(full.peakRssBytes()), "≤ 4 GiB",
                    full.peakRssBytes() <= ETL_GOAL_BYTES));
            r.detail("#### ETL stages (full run)\n\n" + stages(latestRunReport(warehouse), full));

            step(3, "baseline: DuckDB on its own");
            Path baselineDir = dir.resolve("baseline");
            Child.Outcome base = Child.run(List.of(javaBin(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    Baseline.class.getName(), returns.toString(), baselineDir.toString()), dir, "    │ ").requireSuccess("the baseline");
            double ratio = full.seconds() / base.seconds();
            r.add(Report.Figure.of("3 DuckDB baseline", "time", Report.seconds(base.seconds())));
            r.add(Report.Figure.of("3 DuckDB baseline", "peak memory (RSS)", Report.gib(base.peakRssBytes())));
            r.add(new Report.Figure("3 ETL / baseline", "time ratio", String.format(Locale.ROOT, "%.1f×", ratio),
                    "≤ 2×", ratio <= ETL_GOAL_RATIO));
            String agreement = agreement(currentSnapshot(warehouse), baselineDir.resolve(Baseline.TABLE_FILE));
            r.add(Report.Figure.of("3 ETL = baseline", "province indicator values", agreement));
            r.detail("#### Baseline\n\n`" + lastLine(base, "baseline") + "` (seconds inside DuckDB; the time above adds the JVM's start)");

            step(3, "plain Spark job: the minimal validating load written plainly, Spark alone");
            Child.Outcome plain = launcher("spark-plain", returns.toString(), dir.resolve("plain-spark").toString());
            double plainRatio = full.seconds() / plain.seconds();
            r.add(Report.Figure.of("3 plain Spark job", "time", Report.seconds(plain.seconds())));
            r.add(Report.Figure.of("3 plain Spark job", "peak memory (RSS)", Report.gib(plain.peakRssBytes())));
            r.add(new Report.Figure("3 ETL / plain Spark", "time ratio", String.format(Locale.ROOT, "%.2f×", plainRatio),
                    "≤ 1×", plainRatio <= 1.0));
            r.detail("#### Plain Spark job\n\n`" + lastLine(plain, "plain-spark") + "` (seconds inside the job; the time above adds "
                    + "the JVM's and Spark's start). Spark's CSV reader, typed casts, the form's rules as `expr`, a broadcast "
                    + "join on the codes valid that year, a window for the latest revision, facts by year and a quarantine: "
                    + "what the ETL checks, without its formats, reasons, accounting, staging, marts and publishing.");

            step(4, "incremental ETL after province " + RESUBMITTING_PROVINCE + " resubmits one year");
            String resubmitted = resubmit(dir, returns);
            Child.Outcome incremental = launcher("etl", "--returns", returns.toString(), "--warehouse", warehouse.toString());
            double share = incremental.seconds() / full.seconds();
            r.add(Report.Figure.of("4 ETL (incremental)", "time", Report.seconds(incremental.seconds())));
            r.add(new Report.Figure("4 ETL (incremental)", "share of the full run", String.format(Locale.ROOT, "%.1f%%", 100 * share),
                    "≤ 5%", share <= INCREMENTAL_GOAL_SHARE));
            r.detail("#### ETL stages (incremental run: " + resubmitted + " resubmitted)\n\n" + stages(latestRunReport(warehouse), incremental));
        }

        Snapshot snapshot = currentSnapshot(warehouse);
        step(5, "API under load (wrk, " + seconds + " s per run): every answer computed (--cache-mb 0), then as served");
        List<Integer> years = years(snapshot);
        Map<String, List<String>> requests = requests(snapshot, years);
        String token = BenchUser.token(root, warehouse);
        long computingPeak;
        try (Child server = startServer(warehouse, "--cache-mb", "0")) {
            List<LoadTest.Run> runs = new LoadTest(serverUrl(server), dir.resolve("wrk"), server, token).run(requests, CONNECTIONS, seconds);
            loadFigures(r, runs, "computed");
            r.detail(loadTable(runs, "every answer computed: `serve --cache-mb 0`"));
            contention(r, server, requests, runs, token, warehouse, dir.resolve("wrk"), seconds);
            computingPeak = server.peakRssBytes();
        }
        String pagesToken = PageTimings.available() ? BenchUser.link(root, warehouse) : null;
        try (Child server = startServer(warehouse)) {
            String url = serverUrl(server);
            List<LoadTest.Run> runs = new LoadTest(url, dir.resolve("wrk"), server, token).run(requests, CONNECTIONS, seconds);
            loadFigures(r, runs, "as served");
            r.detail(loadTable(runs, "as served: repeated answers from the response cache"));

            step(6, "researcher queries: SQL workbench vs DuckDB directly");
            List<ResearcherQueries.Timing> timings = new ResearcherQueries(url, snapshot, token).run(ResearcherQueries.queries(years.get(years.size() - 1)));
            double slowest = timings.stream().mapToDouble(ResearcherQueries.Timing::workbenchMs).max().orElse(0);
            double worstOverhead = timings.stream().mapToDouble(ResearcherQueries.Timing::overhead).max().orElse(0);
            r.add(new Report.Figure("6 researcher queries", "slowest through the workbench", Report.ms(slowest), "≤ 1 s",
                    slowest <= QUERY_GOAL_MS));
            r.add(new Report.Figure("6 researcher queries", "workbench / DuckDB, worst query",
                    String.format(Locale.ROOT, "%.2f×", worstOverhead), "≤ 1.2×", worstOverhead <= QUERY_GOAL_OVERHEAD));
            r.detail(queryTable(timings));

            step(7, "server memory");
            long peak = server.peakRssBytes();
            r.add(new Report.Figure("7 server (as served)", "peak resident memory: load and queries", Report.gib(peak), "≤ 1 GiB",
                    peak <= SERVER_GOAL_BYTES));
            r.add(new Report.Figure("7 server (computed)", "peak resident memory: load", Report.gib(computingPeak), "≤ 1 GiB",
                    computingPeak <= SERVER_GOAL_BYTES));

            pages(r, url, pagesToken);
        }
        submissions(r, returns, warehouse);
        if (!servingOnly) demo(r, dir, s);

        r.context(String.format(Locale.ROOT, "the bench took %.1f min", (System.nanoTime() - benchStart) / 6e10));
        System.out.println();
        System.out.print(r.table());
        Path doc = report == null ? root.resolve("docs/BENCHMARKS.md") : report;
        r.writeInto(doc);
        System.out.println("\nwritten into " + doc);
        return 0;
    }

    /** A step that adds its figures to a report. */
    @FunctionalInterface
    private interface Step {
        void measure(Report r) throws IOException, InterruptedException;
    }

    /** One step alone ({@code --demo-only}, {@code --submissions-only}): prints its table, writes it only into {@code --report}. */
    private int alone(Scale s, Step step) throws IOException, InterruptedException {
        Report r = new Report(s.id());
        step.measure(r);
        System.out.println();
        System.out.print(r.table());
        if (report != null) r.writeInto(report);
        return 0;
    }

    /** {@code --pages-only}: step 8 alone, over a warehouse that exists already. */
    private int pagesOnly(Scale s, Path warehouse) throws IOException, InterruptedException {
        Report r = new Report(s.id());
        r.context("machine: " + Runtime.getRuntime().availableProcessors() + " cores; commit " + gitCommit() + "; " + LocalDate.now()
                + "; warehouse " + warehouse);
        String token = PageTimings.available() ? BenchUser.link(root, warehouse) : null;
        try (Child server = startServer(warehouse)) {
            pages(r, serverUrl(server), token);
        }
        System.out.println();
        System.out.print(r.table());
        if (report != null) r.writeInto(report);
        return 0;
    }

    /** Step 8: every page in Chromium, fresh and returning profile; time to charts drawn and API requests. */
    private void pages(Report r, String url, String signInToken) throws IOException, InterruptedException {
        step(8, "pages in Chromium (1920×1080, " + pageRepeats + " visits each, fresh and returning profile)");
        if (!PageTimings.available()) {
            System.out.println("    │ skipped: needs Debian's chromium and chromium-driver");
            r.add(Report.Figure.of("8 pages", "time to charts drawn", "skipped (no chromium)"));
            return;
        }
        List<PageTimings.Timing> timings = new PageTimings(url, pageRepeats, signInToken).run(PageTimings.PAGES);
        StringBuilder detail = new StringBuilder("#### Pages in Chromium (1920×1080, median of " + pageRepeats
                + " visits; server answers warmed)\n\n| page | fresh profile | returning | API requests | requests in all | transferred (fresh) |\n|---|---|---|---|---|---|\n");
        for (PageTimings.Timing t : timings) {
            String page = t.page().replace("tab=", "");
            r.add(new Report.Figure("8 page " + page, "charts drawn, fresh profile", Report.ms(t.freshMedianMs()), "≤ 1 s",
                    t.freshMedianMs() <= PAGE_GOAL_MS));
            r.add(new Report.Figure("8 page " + page, "charts drawn, returning", Report.ms(t.returningMedianMs()), "≤ 1 s",
                    t.returningMedianMs() <= PAGE_GOAL_MS));
            if (page.equals("overview")) {
                r.add(new Report.Figure("8 page overview", "API requests", String.valueOf(t.apiRequests()), "≤ " + OVERVIEW_GOAL_REQUESTS,
                        t.apiRequests() <= OVERVIEW_GOAL_REQUESTS));
            }
            detail.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %d KB |%n", page, Report.ms(t.freshMedianMs()),
                    Report.ms(t.returningMedianMs()), t.apiRequests(), t.requests(), t.freshBytes() / 1024));
        }
        r.detail(detail.toString());
    }

    /**
     * Step 9: a province's file checked through the web, then approved and published by the ETL worker beside the
     * server (the last step: it publishes new snapshots into the bench's warehouse).
     */
    private void submissions(Report r, Path returns, Path warehouse) throws IOException, InterruptedException {
        step(9, "returns through the web: the check of a file, and approval to the new snapshot served");
        String token = BenchUser.token(root, warehouse);
        WebSubmission.Result w;
        try (Child server = startServer(warehouse, "--returns", returns.toString())) {
            w = new WebSubmission(serverUrl(server), token).run(returns);
        }
        System.out.printf(Locale.ROOT, "    │ %s: %,d rows checked in %.0f ms; approval to the new snapshot served %.1f s (worker's first), %.1f s (warm)%n",
                w.file(), w.rows(), w.checkMs(), w.coldSeconds(), w.warmSeconds());
        r.add(new Report.Figure("9 web check", "check of " + String.format(Locale.ROOT, "%,d", w.rows()) + " rows (" + w.file() + ")",
                Report.ms(w.checkMs()), "≤ 3 s for 50,000 rows", w.checkMs() <= CHECK_GOAL_MS * Math.max(1.0, w.rows() / 50_000.0)));
        r.add(Report.Figure.of("9 web publication", "approval to the snapshot served, worker's first", Report.seconds(w.coldSeconds())));
        r.add(new Report.Figure("9 web publication", "approval to the snapshot served, warm worker", Report.seconds(w.warmSeconds()),
                "≤ 15 s", w.warmSeconds() <= PUBLISH_GOAL_SECONDS));
    }

    /**
     * Step 10: the README's first command on a fresh clone of this commit, to the dashboard answering (goal, national:
     * ≤ 3 minutes with Maven's cache warm). Last, so that it shares the machine with nothing the bench started.
     */
    private void demo(Report r, Path dir, Scale s) throws IOException, InterruptedException {
        List<String> options = s == Scale.NATIONAL ? List.of() : List.of("--provinces", s.provinces);
        String command = String.join(" ", Stream.concat(Stream.of("./grassroots demo"), options.stream()).toList());
        step(10, "a fresh clone's " + command + ", to the dashboard answering");
        FreshDemo.Result d = FreshDemo.run(root, gitCommit(), dir, options);
        String step = "10 demo (fresh clone)";
        String value = Report.seconds(d.seconds()) + (d.healthStatus() == 200 ? "" : " (health: HTTP " + d.healthStatus() + ")");
        if (s == Scale.NATIONAL) {
            r.add(new Report.Figure(step, "command to the dashboard answering", value, "≤ 180 s",
                    d.healthStatus() == 200 && d.seconds() <= DEMO_GOAL_SECONDS));
        } else {
            r.add(Report.Figure.of(step, "command to the dashboard answering", value));
        }
        r.detail("#### Fresh-clone demo (commit " + d.commit() + ")\n\n"
                + "`" + command + "` in a new clone, Maven's cache warm: "
                + Report.seconds(d.seconds()) + " to `/api/health` answering (HTTP " + d.healthStatus() + "). "
                + "The sample generated in " + (d.generated().isEmpty() ? "?" : d.generated()) + ", the ETL published in "
                + (d.etl().isEmpty() ? "?" : d.etl()) + (d.stages().isEmpty() ? "" : " (" + String.join("; ", d.stages()) + ")") + ".");
    }

    // ---- the steps' pieces ------------------------------------------------------------------------------------

    private Child.Outcome launcher(String... args) {
        return Child.run(launcherCommand(args), root, "    │ ").requireSuccess("./grassroots " + args[0]);
    }

    private List<String> launcherCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("grassroots").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Province {@value #RESUBMITTING_PROVINCE} resubmits its latest JC-1 return: the same units with revised figures
     * (the sample drawn with another seed), written over the file it sent before, as a bureau's resubmission arrives.
     */
    private String resubmit(Path dir, Path returns) throws IOException {
        Path jc1 = returns.resolve("JC-1").resolve(RESUBMITTING_PROVINCE);
        Path latest;
        try (Stream<Path> files = Files.list(jc1)) {
            latest = files.max(Comparator.comparing(Path::toString)).orElseThrow();
        }
        String year = latest.getFileName().toString().replaceAll(".*_(\\d{4})\\.[A-Za-z]+$", "$1");
        Path revised = dir.resolve("resubmission");
        launcher("generate", "--out", revised.toString(), "--provinces", RESUBMITTING_PROVINCE, "--years", year, "--seed", "7");
        Files.copy(revised.resolve("JC-1").resolve(RESUBMITTING_PROVINCE).resolve(latest.getFileName()), latest,
                StandardCopyOption.REPLACE_EXISTING);
        return returns.relativize(latest).toString();
    }

    /** Compares the baseline's province table with the ETL's province values (as reported, where both must agree). */
    private static String agreement(Snapshot snapshot, Path baselineTable) {
        long[] counts = new long[2];
        query("SELECT count(*), count(*) FILTER (WHERE e.indicator IS NOT NULL AND " + same("numerator") + " AND "
                + same("denominator") + ") FROM read_parquet(" + Duck.literal(baselineTable) + ") b LEFT JOIN (SELECT * FROM "
                + snapshot.readIndicatorValues() + " WHERE boundaries = 'reported' AND level = "
                + "'province') e ON e.indicator = b.indicator AND e.region_code = b.province AND e.year = b.year", rs -> {
            counts[0] = rs.getLong(1);
            counts[1] = rs.getLong(2);
        });
        long all = counts[0], equal = counts[1];
        if (equal != all) System.out.println("    ! the ETL and the baseline differ on " + (all - equal) + " of " + all + " values");
        return String.format(Locale.ROOT, "%,d of %,d equal", equal, all);
    }

    /** Two sums agree: both empty, or equal but for the last digits a different order of adding may change. */
    private static String same(String column) {
        return "(e.%1$s IS NULL AND b.%1$s IS NULL OR abs(e.%1$s - b.%1$s) <= 1e-9 * greatest(1, abs(b.%1$s)))".formatted(column);
    }

    /**
     * The requests a dashboard makes, per endpoint: every indicator, at the levels and for the regions and years its
     * pages ask for, in a fixed pseudo-random order (the same every run).
     */
    private static Map<String, List<String>> requests(Snapshot snapshot, List<Integer> years) {
        Catalog catalog = Catalog.standard();
        List<String> indicators = catalog.indicators().stream().map(Indicator::id).toList();
        List<String> provinces = new ArrayList<>(), prefectures = new ArrayList<>(), counties = new ArrayList<>();
        query("SELECT code, level FROM read_parquet(" + Duck.literal(snapshot.regions()) + ") WHERE administered AND valid_to = "
                + grassroots.warehouse.regions.Region.OPEN_END + " AND level IN ('province', 'prefecture', 'county') ORDER BY hash(code)",
                rs -> {
                    switch (rs.getString(2)) {
                        case "province" -> provinces.add(rs.getString(1));
                        case "prefecture" -> prefectures.add(rs.getString(1));
                        default -> counties.add(rs.getString(1));
                    }
                });
        Random random = new Random(7);
        int n = 400;
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> values = new ArrayList<>(), trend = new ArrayList<>(), ranking = new ArrayList<>(), distribution = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String i = pick(random, indicators);
            int y = pick(random, years);
            String p = pick(random, provinces), pf = pick(random, prefectures), ct = pick(random, counties);
            values.add(switch (k % 4) {
                case 0 -> "/api/values?indicator=" + i + "&level=province&year=" + y;
                case 1 -> "/api/values?indicator=" + i + "&level=prefecture&year=" + y;
                case 2 -> "/api/values?indicator=" + i + "&level=county&year=" + y + "&parent=" + p;
                default -> "/api/values?indicator=" + i + "&level=township&year=" + y + "&parent=" + pf;
            });
            trend.add("/api/trend?indicator=" + i + "&region=" + switch (k % 3) {
                case 0 -> p;
                case 1 -> pf;
                default -> ct;
            });
            ranking.add(switch (k % 3) {
                case 0 -> "/api/ranking?indicator=" + i + "&level=province&year=" + y;
                case 1 -> "/api/ranking?indicator=" + i + "&level=prefecture&year=" + y + "&parent=" + p;
                default -> "/api/ranking?indicator=" + i + "&level=county&year=" + y + "&parent=" + pf;
            });
            distribution.add("/api/distribution?indicator=" + i + "&year=" + y + "&region=" + switch (k % 3) {
                case 0 -> "CN";
                case 1 -> p;
                default -> pf;
            });
        }
        out.put("values", values);
        out.put("trend", trend);
        out.put("ranking", ranking);
        out.put("distribution", distribution);
        return out;
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** The years the snapshot has indicator values for, oldest first. */
    private static List<Integer> years(Snapshot snapshot) {
        List<Integer> years = new ArrayList<>();
        query("SELECT DISTINCT year FROM " + snapshot.readIndicatorValues() + " ORDER BY year",
                rs -> years.add(rs.getInt(1)));
        return years;
    }

    /** Runs a query in a DuckDB of its own (the bench's reads of the snapshot) and hands each row to {@code reader}. */
    private static void query(String sql, Duck.RowReader reader) {
        try (DuckDBConnection c = Duck.open()) {
            Duck.each(c, sql, reader);
        } catch (SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
    }

    /**
     * The ETL's own stage timings, from the report the run wrote ({@code runs/<run-id>.json}: each stage's label, seconds
     * and detail), and the whole run as the bench timed it.
     */
    static String stages(Path runReport, Child.Outcome etl) throws IOException {
        StringBuilder md = new StringBuilder("| stage | seconds | detail |\n|---|---:|---|\n");
        for (JsonNode stage : new ObjectMapper().readTree(runReport.toFile()).path("stages")) {
            md.append("| ").append(stage.path("label").asText()).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", stage.path("seconds").asDouble())).append(" | ")
                    .append(stage.path("detail").asText("")).append(" |\n");
        }
        md.append("| **whole run (JVM start to exit)** | ").append(String.format(Locale.ROOT, "%.1f", etl.seconds())).append(" | |\n");
        return md.toString();
    }

    /** The report of the latest ETL run on {@code warehouse}: run ids are timestamps, so the last by name. */
    static Path latestRunReport(Path warehouse) throws IOException {
        try (Stream<Path> reports = Files.list(warehouse.resolve("runs"))) {
            return reports.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IllegalStateException("the ETL wrote no run report in " + warehouse.resolve("runs")));
        }
    }

    private Child startServer(Path warehouse, String... options) {
        List<String> command = launcherCommand("serve", "--warehouse", warehouse.toString(), "--port", "0");
        command.addAll(List.of(options));
        return Child.start(command, root, "    │ ", line -> line.contains("dashboard ready"));
    }

    /**
     * {@code /api/values} at 8 connections while 4 researchers run heavy queries, against the same without them: the
     * workbench's worker processes must leave the dashboard's answers nearly as fast (goal within 1.5×).
     */
    private void contention(Report r, Child server, Map<String, List<String>> requests, List<LoadTest.Run> quiet,
                            String token, Path warehouse, Path wrk, int seconds) {
        String endpoint = "values";
        LoadTest.Run alone = quiet.stream().filter(x -> x.endpoint().equals(endpoint) && x.connections() == 8).findFirst().orElse(null);
        if (alone == null || !requests.containsKey(endpoint)) return;
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= 4; i++) tokens.add(BenchUser.token(root, warehouse, "bench-researcher-" + i, "researcher"));
        LoadTest.Run busy;
        long answered, refused;
        try (HeavyResearchers researchers = new HeavyResearchers(serverUrl(server), tokens)) {
            busy = new LoadTest(serverUrl(server), wrk, server, token).once(endpoint, requests.get(endpoint), 8, seconds);
            answered = researchers.answered.get();
            refused = researchers.refused.get();
        }
        double ratio = busy.p95Ms() / alone.p95Ms();
        r.add(new Report.Figure("5 API values beside SQL", String.format(Locale.ROOT,
                "p95 at 8 connections while 4 researchers run heavy queries (%d answered, %d refused): %.1f ms vs %.1f ms alone",
                answered, refused, busy.p95Ms(), alone.p95Ms()), String.format(Locale.ROOT, "%.2f×", ratio), "≤ 1.5×", ratio <= 1.5 && busy.errors() == 0));
    }

    private static void loadFigures(Report r, List<LoadTest.Run> runs, String regime) {
        for (LoadTest.Run run : runs) {
            if (run.connections() != CONNECTIONS[CONNECTIONS.length - 1]) continue;
            r.add(new Report.Figure("5 API " + run.endpoint() + " (" + regime + ")",
                    String.format(Locale.ROOT, "p95 at %d connections (%.0f req/s)", run.connections(), run.throughput()),
                    Report.ms(run.p95Ms()), "≤ 50 ms", run.p95Ms() <= P95_GOAL_MS && run.errors() == 0));
        }
    }

    private static String loadTable(List<LoadTest.Run> runs, String regime) {
        StringBuilder md = new StringBuilder("#### API under load, " + regime + " (wrk; each endpoint's requests cycle through "
                + "400 dashboard requests)\n\n"
                + "| endpoint | connections | requests/s | p50 | p95 | p99 | errors | server RSS after |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadTest.Run run : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %s | %d | %s |%n", run.endpoint(), run.connections(),
                    run.throughput(), Report.ms(run.p50Ms()), Report.ms(run.p95Ms()), Report.ms(run.p99Ms()), run.errors(),
                    Report.gib(run.serverRssBytes())));
        }
        return md.toString();
    }

    private static String queryTable(List<ResearcherQueries.Timing> timings) {
        StringBuilder md = new StringBuilder("#### Researcher queries (median of " + ResearcherQueries.RUNS + " after one warm-up)\n\n"
                + "| query | rows | workbench (HTTP) | DuckDB directly | ratio |\n|---|---:|---:|---:|---:|\n");
        for (ResearcherQueries.Timing t : timings) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f× |%n", t.query().name(), t.rows(),
                    Report.ms(t.workbenchMs()), Report.ms(t.rawMs()), t.overhead()));
        }
        md.append("\n<details><summary>The queries</summary>\n\n");
        for (ResearcherQueries.Timing t : timings) md.append("```sql\n").append(t.query().sql()).append("\n```\n");
        return md.append("</details>\n").toString();
    }

    // ---- small facts --------------------------------------------------------------------------------------------

    /** How many steps a whole bench has (10: the fresh-clone demo). */
    private static final int STEPS = 10;

    private static void step(int n, String what) {
        System.out.printf("%n== %d/%d %s%n", n, STEPS, what);
    }

    private static Snapshot currentSnapshot(Path warehouse) {
        return new WarehouseDir(warehouse).current().orElseThrow(() ->
                new IllegalArgumentException("仓库中没有已发布的快照 / no published snapshot in " + warehouse));
    }

    private static final Pattern URL = Pattern.compile("(http://[^/ ]+)/");

    private static String serverUrl(Child server) {
        for (String line : server.output()) {
            Matcher m = URL.matcher(line);
            if (line.contains("dashboard ready") && m.find()) return m.group(1);
        }
        throw new IllegalStateException("the server did not say where it listens");
    }

    private static String lastLine(Child.Outcome o, String prefix) {
        String found = "";
        for (String line : o.output()) if (line.strip().startsWith(prefix)) found = line.strip();
        return found;
    }

    private static long sizeOf(Path dir) {
        return org.apache.commons.io.FileUtils.sizeOfDirectory(dir.toFile());
    }


    private static long totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String duckdbVersion() {
        String[] version = {"?"};
        query("SELECT version()", rs -> version[0] = rs.getString(1));
        return version[0];
    }

    private String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(root.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
