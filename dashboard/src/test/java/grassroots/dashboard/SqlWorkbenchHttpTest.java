package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.Role;
import grassroots.dashboard.sql.SqlWorkers;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SQL workbench over HTTP, as a hostile or careless researcher uses it: the legitimate queries run, the hostile
 * ones are refused by name, a prefecture's researcher sees only the prefecture whatever they write, a runaway query or
 * a killed worker never takes the API down, excess queries get 429, and the published snapshot is not changed by
 * anything a session does.
 */
class SqlWorkbenchHttpTest extends LiveServer {
    static Javalin fast; // a server whose SQL deadline is short, for the runaway cases
    static SqlWorkers.Options sqlOptions = SqlWorkers.Options.standard().withTimeout(Duration.ofSeconds(3));

    @BeforeAll
    static void fastServer() {
        fast = Server.create(warehouse, access, new Server.Options("127.0.0.1", 0, 0, Server.Options.DEFAULT_OPEN_LEVELS,
                List.of(), false, sqlOptions)).start();
    }

    @AfterAll
    static void stopFast() {
        fast.stop();
    }

    static List<String> blocks(String resource) throws IOException {
        try (InputStream in = SqlWorkbenchHttpTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " (from the warehouse's test jar)");
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Stream.of(all.split("\n-- next\n")).map(String::strip).filter(b -> !b.isEmpty()).toList();
        }
    }

    static String body(String sql) throws IOException {
        return json.writeValueAsString(Map.of("sql", sql));
    }

    @Test
    void legitimateQueriesRunOverHttp() throws Exception {
        List<String> queries = blocks("/sandbox/legitimate-queries.sql");
        assertTrue(queries.size() >= 30, "at least 30 legitimate queries");
        for (String q : queries) {
            HttpResponse<String> r = post("/api/sql", body(q));
            assertEquals(200, r.statusCode(), q + " → " + r.body());
        }
    }

    @Test
    void hostileQueriesAreRefusedByNameAndLeaveTheSnapshotAsPublished() throws Exception {
        Path snapshot;
        try (var lease = warehouse.acquire()) {
            snapshot = lease.warehouse().snapshot().dir();
        }
        Map<String, String> before = checksums(snapshot);
        for (String block : blocks("/sandbox/hostile-queries.sql")) {
            String expect = block.lines().filter(l -> l.startsWith("-- expect:")).findFirst().orElseThrow().substring(10).strip();
            String sql = block.replace("SNAPSHOT", snapshot.toString());
            HttpResponse<String> r = post("/api/sql", body(sql));
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, sql + " → " + r.statusCode() + " " + r.body());
            String en = json.readTree(r.body()).path("error").path("en").asText();
            assertTrue(en.contains(expect), "refusal of " + sql + " should name " + expect + ": " + en);
            assertFalse(r.body().contains(snapshot.toString()), "no server path in the answer: " + r.body());
        }
        assertEquals(200, get("/api/health").statusCode(), "the server is up after every hostile query");
        assertEquals(before, checksums(snapshot), "the published snapshot is byte for byte as it was");
    }

    @Test
    void aPrefectureResearcherSeesOnlyThePrefectureWhateverTheSqlSays() throws Exception {
        String token = tokenOf("yinchuan-researcher", Role.RESEARCHER, "6401");
        List<String> reach = List.of(
                "SELECT unit_code AS code FROM jc1", "SELECT township_code AS code FROM jc2", "SELECT code FROM regions",
                "SELECT code FROM crosswalk UNION ALL SELECT current_code FROM crosswalk",
                "SELECT region_code AS code FROM indicator_values", "SELECT region_code AS code FROM completeness",
                "SELECT region_code AS code FROM region_stats", "SELECT unit_code AS code FROM jc1_history",
                "SELECT region_code AS code FROM quarantine WHERE region_code IS NOT NULL",
                "SELECT region_code AS code FROM warnings WHERE region_code IS NOT NULL",
                "SELECT region_code AS code FROM outliers",
                "WITH all_units AS (SELECT * FROM jc1 WHERE true OR unit_code LIKE '64%') SELECT unit_code AS code FROM all_units",
                "SELECT unit_code AS code FROM jc1 WHERE unit_code NOT LIKE '6401%' OR 1 = 1",
                "SELECT unnest(list(unit_code)) AS code FROM jc1");
        for (String q : reach) {
            HttpResponse<String> r = post("/api/sql", body(q), token);
            assertEquals(200, r.statusCode(), q + " → " + r.body());
            for (JsonNode row : json.readTree(r.body()).get("rows")) {
                String code = row.get(0).asText();
                assertTrue(code.startsWith("6401"), q + " reached " + code);
            }
        }
        List<String> escapes = List.of(
                "SELECT * FROM marts.indicator_values", "SELECT * FROM read_parquet('**/*.parquet')",
                "SELECT * FROM query('SELECT * FROM marts.indicator_values')", "SELECT sql FROM duckdb_views()",
                "SELECT * FROM main.jc1", "SELECT * FROM 'facts/jc1/**/*.parquet'", "ATTACH 'x' AS y",
                "SELECT * FROM glob('/**')", "SELECT * FROM duckdb_databases()");
        for (String q : escapes) {
            HttpResponse<String> r = post("/api/sql", body(q), token);
            assertEquals(400, r.statusCode(), q + " → " + r.body());
        }
    }

    @Test
    void aRunawayQueryIsStoppedAndTheApiAnswersMeanwhile() throws Exception {
        CompletableFuture<HttpResponse<String>> runaway = CompletableFuture.supplyAsync(() -> sendFast("/api/sql",
                "{\"sql\": \"SELECT count(*) FROM range(100000000000) a\"}"));
        long start = System.nanoTime();
        while (!runaway.isDone()) {
            long t = System.nanoTime();
            HttpResponse<String> v = sendFastGet("/api/values?indicator=charter_coverage&level=county&year=2020");
            assertEquals(200, v.statusCode());
            assertTrue((System.nanoTime() - t) / 1e9 < 2, "the API answers while a query runs away");
            if ((System.nanoTime() - start) / 1e9 > 60) fail("the runaway query was never stopped");
        }
        HttpResponse<String> r = runaway.get();
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(json.readTree(r.body()).path("error").path("en").asText().contains("s"), r.body());
    }

    @Test
    void aKilledWorkerFailsOnlyItsQueryAndIsReplaced() throws Exception {
        CompletableFuture<HttpResponse<String>> running = CompletableFuture.supplyAsync(() -> sendFast("/api/sql",
                "{\"sql\": \"SELECT count(*) FROM range(100000000000) a\"}"));
        // the worker running it is the one that is no longer idle: kill every SQL worker of this server's pool
        ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("SqlWorkerMain"))
                .filter(p -> !running.isDone()).forEach(ProcessHandle::destroyForcibly);
        HttpResponse<String> r = running.get();
        assertTrue(r.statusCode() == 503 || r.statusCode() == 400, r.statusCode() + " " + r.body());
        assertEquals(200, sendFastGet("/api/values?indicator=charter_coverage&level=province&year=2020").statusCode());
        HttpResponse<String> next = sendFast("/api/sql", "{\"sql\": \"SELECT count(*) FROM jc1\"}");
        assertEquals(200, next.statusCode(), "a new worker takes the next query: " + next.body());
    }

    @Test
    void aQueryBeyondAWorkersMemorySpillsToDiskThatGoesWithTheWorker() throws Exception {
        String bigSort = body("SELECT count(*) AS n FROM (SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS m FROM range(1500000) t(i) ORDER BY m)");
        SqlWorkers.Options small = SqlWorkers.Options.standard().withWorkers(1).withTimeout(Duration.ofSeconds(60));
        Set<Path> before = spillDirectories();
        Javalin spilling = Server.create(warehouse, access, new Server.Options("127.0.0.1", 0, 0, Server.Options.DEFAULT_OPEN_LEVELS,
                List.of(), false, small.withMemory("64MB", "2GB"))).start();
        try {
            HttpResponse<String> r = sendTo(spilling, "/api/sql", bigSort, adminToken);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1_500_000, json.readTree(r.body()).path("rows").get(0).get(0).asLong());
        } finally {
            spilling.stop();
        }
        Set<Path> left = spillDirectories();
        left.removeAll(before);
        assertEquals(Set.of(), left, "a stopped server's workers leave no spilled files behind");

        Javalin inMemory = Server.create(warehouse, access, new Server.Options("127.0.0.1", 0, 0, Server.Options.DEFAULT_OPEN_LEVELS,
                List.of(), false, small.withMemory("64MB", "0"))).start();
        try {
            HttpResponse<String> r = sendTo(inMemory, "/api/sql", bigSort, adminToken);
            assertEquals(400, r.statusCode(), r.body());
            assertTrue(r.body().contains("Out of Memory") && r.body().contains("more memory than a query may use"), r.body());
        } finally {
            inMemory.stop();
        }
    }

    static Set<Path> spillDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("grassroots-sql-")).collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
        }
    }

    @Test
    void excessQueriesOfOneUserGet429() throws Exception {
        String token = tokenOf("greedy", Role.RESEARCHER, "CN");
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < sqlOptions.perUser() + 2; i++) {
            all.add(CompletableFuture.supplyAsync(() -> sendFastAs("/api/sql", "{\"sql\": \"SELECT count(*) FROM range(100000000000) a\"}", token)));
        }
        long tooMany = 0;
        for (var f : all) if (f.get().statusCode() == 429) tooMany++;
        assertTrue(tooMany >= 2, "beyond " + sqlOptions.perUser() + " at once: 429");
    }

    @Test
    void csvDownloadsNeutraliseFormulas() throws Exception {
        HttpResponse<String> r = post("/api/sql?format=csv", body("SELECT '=HYPERLINK(\"http://x\",\"y\")' AS name, -5 AS n"));
        assertEquals(200, r.statusCode(), r.body());
        String data = r.body().lines().skip(1).findFirst().orElseThrow();
        assertTrue(data.startsWith("\"'=HYPERLINK") || data.startsWith("'=HYPERLINK"), data);
        assertTrue(data.endsWith(",-5"), "numbers stay numbers: " + data);
    }

    static HttpResponse<String> sendFast(String path, String body) {
        return sendFastAs(path, body, adminToken);
    }

    static HttpResponse<String> sendFastAs(String path, String body, String token) {
        return sendTo(fast, path, body, token);
    }

    static HttpResponse<String> sendTo(Javalin app, String path, String body, String token) {
        try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> sendFastGet(String path) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + fast.port() + path))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> checksums(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }
}
