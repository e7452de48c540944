package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.store.WarehouseDir;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.sample.SampleGenerator;
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
    static Javalin app;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() {
        Catalog catalog = Catalog.standard();
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2019, 2020, 20111, SampleGenerator.Headers.ID));
        WarehouseDir dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));
        warehouse = new LiveWarehouse(dir, catalog);
        app = Server.create(warehouse, "127.0.0.1", 0).start();
    }

    @AfterAll
    static void stop() {
        app.stop();
        warehouse.close();
    }

    static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode getJson(String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), path);
        return json.readTree(r.body());
    }

}
