package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.StateDatabases;
import grassroots.access.User;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.store.WarehouseDir;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A real server on a small real warehouse (Ningxia 2019–2020), for the API tests over real HTTP. */
abstract class LiveServer {
    @TempDir
    static Path tmp;
    static LiveWarehouse warehouse;
    static AccessState access;
    static Javalin app;
    /** The national administrator's API token: what get() and post() send unless a test says otherwise. */
    static String adminToken;
    static final String PASSWORD = "a test password 1";
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2019, 2020, 20111, SampleGenerator.Headers.ID));
        WarehouseDir dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));
        warehouse = new LiveWarehouse(dir, catalog);
        access = new AccessState(StateDatabase.open(StateDatabases.h2Url(tmp.resolve("state"))));
        adminToken = access.tokens.issue(access.users.add("admin", Role.ADMIN, Scope.NATION, PASSWORD), "tests");
        app = Server.create(warehouse, access, Server.Options.local(0)).start();
    }

    /** A user of the role and scope (made on first use), and an API token of theirs. */
    static String tokenOf(String name, Role role, String scope) {
        User u = access.users.find(name).orElseGet(() -> access.users.add(name, role, Scope.of(scope), PASSWORD));
        return access.tokens.issue(u, "tests");
    }

    /** A one-time sign-in link for a browser (as the demo prints one). */
    static String signInLink(String name) {
        return "http://127.0.0.1:" + app.port() + "/signin?token=" + access.tokens.issueLink(access.users.find(name).orElseThrow());
    }

    @AfterAll
    static void stop() {
        app.stop();
        warehouse.close();
        access.close();
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, adminToken);
    }

    static HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, adminToken);
    }

    static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
        return json.readTree(r.body());
    }

}
