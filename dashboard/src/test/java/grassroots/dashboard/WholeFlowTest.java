package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.access.Audit;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole flow as it runs in production, over real HTTP with real Spark: the ETL worker is a process of its own
 * (started from the etl module's jar and runtime classpath, as the launcher does: Spark never enters this JVM), beside
 * a real server on the same warehouse and state database. A county's upload with problems, the fixed upload,
 * submission, return, resubmission, approval, publication by the worker, the new value in /api/values, the tracker
 * and the audit log.
 */
class WholeFlowTest {
    @TempDir
    static Path tmp;
    static Process worker;
    static Path workerLog;
    static AccessState access;
    static LiveWarehouse live;
    static Javalin app;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @BeforeAll
    static void start() throws Exception {
        Path jar = ROOT.resolve("etl/target/grassroots-etl-0.1.0-SNAPSHOT.jar"), cp = ROOT.resolve("etl/target/runtime-classpath.txt");
        boolean built = Files.exists(jar) && Files.exists(cp);
        if (System.getenv("CI") != null) assertTrue(built, "mvn verify packages the etl module before the dashboard's tests");
        assumeTrue(built, "the etl module's jar and runtime classpath are needed (mvn -pl etl -am package -DskipTests)");
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2020, 2020, 31, SampleGenerator.Headers.ID));
        Path wh = Files.createDirectories(tmp.resolve("wh"));
        Matcher flags = Pattern.compile("<spark.jvm.flags>(.*)</spark.jvm.flags>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(flags.find());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(flags.group(1).strip().split("\\s+")));
        command.addAll(List.of("-Xmx2g", "-cp", jar + ":" + Files.readString(cp).strip(), "grassroots.etl.worker.WorkerMain",
                "--warehouse", wh.toString(), "--returns", tmp.resolve("returns").toString(), "--master", "local[2]", "--poll-ms", "200"));
        workerLog = tmp.resolve("worker.log");
        worker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(workerLog.toFile()).start();
        // the worker's first full run builds the warehouse the server opens
        WarehouseDir dir = new WarehouseDir(wh);
        await("the worker's first snapshot", Duration.ofMinutes(6), () -> dir.current().isPresent());
        access = new AccessState(StateDatabase.open(wh, null));
        live = new LiveWarehouse(dir, catalog, Duration.ofMillis(100));
        app = Server.create(live, access, Server.Options.local(0)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.destroy();
            worker.waitFor();
        }
        if (app != null) app.stop();
        if (live != null) live.close();
        if (access != null) access.close();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Waits for a condition another process brings about, failing with the worker's log after {@code limit}. */
    static void await(String what, Duration limit, Check check) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (!check.ok()) {
            if (!worker.isAlive()) fail("the worker stopped while waiting for " + what + ":\n" + Files.readString(workerLog));
            if (Instant.now().isAfter(end)) fail("no " + what + " after " + limit + ":\n" + Files.readString(workerLog));
            Thread.sleep(200);
        }
    }

    static String token(String name, Role role, String scope) {
        return access.tokens.issue(access.users.add(name, role, Scope.of(scope), "a test password 1"), "tests");
    }

    static JsonNode call(String method, String path, String token, String body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).header("Authorization", "Bearer " + token);
        if (method.equals("GET")) b.GET();
        else b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), method + " " + path + " → " + r.body());
        return json.readTree(r.body());
    }

    static JsonNode upload(String token, List<String> lines) throws Exception {
        String boundary = "----grassroots" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] p : new String[][] {{"form", "JC-1"}, {"year", "2020"}}) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"\r\n\r\n" + p[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"县报表.csv\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/submissions"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    static JsonNode find(JsonNode array, Predicate<JsonNode> p) {
        return StreamSupport.stream(array.spliterator(), false).filter(p).findFirst().orElse(null);
    }

    @Test
    void aCountysReturnGoesFromItsSpreadsheetToTheDashboard() throws Exception {
        List<String> lines = Files.readAllLines(tmp.resolve("returns/JC-1/64/JC-1_64_2020.csv"));
        List<String> header = List.of(lines.get(0).split(",", -1));
        String county = lines.get(1).substring(0, 6);
        int workers = header.indexOf("certified_social_workers"), households = header.indexOf("households");
        String reporter = token("flow-reporter", Role.REPORTER, county), manager = token("flow-manager", Role.MANAGER, "64");
        String planner = token("flow-planner", Role.PLANNER, "CN");
        String values = "/api/values?indicator=social_worker_density&level=county&year=2020&parent=64";
        double before = find(call("GET", values, planner, null, 200), r -> r.get("region_code").asText().equals(county)).get("value").asDouble();
        assertTrue(before > 0, "the sample has social workers in " + county);

        // the county's corrected return: no certified social workers anywhere (so its density becomes 0) …
        List<String> fixed = new ArrayList<>(List.of(lines.get(0)));
        for (String l : lines.subList(1, lines.size())) {
            if (!l.startsWith(county)) continue;
            String[] cells = l.split(",", -1);
            cells[workers] = "0";
            fixed.add(String.join(",", cells));
        }
        // … first sent with a typing error
        List<String> withError = new ArrayList<>(fixed);
        String[] bad = withError.get(1).split(",", -1);
        bad[households] = "十二";
        withError.set(1, String.join(",", bad));
        JsonNode checked = upload(reporter, withError);
        assertEquals(1, checked.get("rejected").asInt());
        assertEquals("households", checked.get("problems").get(0).get("field").asText());

        JsonNode good = upload(reporter, fixed);
        assertEquals(0, good.get("rejected").asInt(), good.toString());
        long id = good.get("id").asLong();
        call("POST", "/api/submissions/" + id + "/submit", reporter, "", 200);
        call("POST", "/api/submissions/" + id + "/return", manager, "{\"comment\": \"请附说明\"}", 200);
        assertEquals("请附说明", call("GET", "/api/submissions/" + id, reporter, null, 200).get("comment").asText());
        call("POST", "/api/submissions/" + id + "/submit", reporter, "", 200);
        assertEquals("approved", call("POST", "/api/submissions/" + id + "/approve", manager, "", 200).get("status").asText());

        // the worker publishes it; the server serves the new snapshot
        await("the publication of submission " + id, Duration.ofMinutes(6), () ->
                call("GET", "/api/submissions/" + id, manager, null, 200).get("status").asText().equals("published"));
        JsonNode publishing = call("GET", "/api/publishing", manager, null, 200);
        JsonNode run = find(publishing.get("runs"), r -> r.get("submissions").toString().contains(Long.toString(id)));
        assertEquals("published", run.get("status").asText());
        assertEquals("incremental", run.get("report").get("mode").asText());
        assertEquals(fixed.size() - 1, run.get("report").get("files").get(0).get("loaded_rows").asInt(), run.toString());
        await("the new value", Duration.ofSeconds(30), () ->
                find(call("GET", values, planner, null, 200), r -> r.get("region_code").asText().equals(county)).get("value").asDouble() == 0.0);

        JsonNode tracker = call("GET", "/api/submissions?form=JC-1&year=2020&parent=" + county.substring(0, 4), manager, null, 200);
        JsonNode row = find(tracker.get("regions"), r -> r.get("code").asText().equals(county));
        assertEquals("published", row.get("status").asText());
        assertEquals(fixed.size() - 1, row.get("covered_units").asInt());
        assertTrue(row.get("locked").asBoolean());

        List<String> trail = access.audit.list(new Audit.Filter(null, null, null, null, 200)).stream()
                .filter(e -> e.action().startsWith("submission.")).map(e -> e.action() + " " + e.user()).toList();
        for (String step : List.of("submission.upload flow-reporter", "submission.submit flow-reporter", "submission.return flow-manager",
                "submission.approve flow-manager")) {
            assertTrue(trail.contains(step), step + " in " + trail);
        }
    }
}
