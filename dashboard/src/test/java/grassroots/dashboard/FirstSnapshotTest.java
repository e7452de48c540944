package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.StateDatabases;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A server started on a warehouse with no snapshot yet (a new installation, or the demo, whose server starts beside its
 * first ETL run) listens at once, answers that it waits, and serves the first snapshot the moment it is published.
 */
class FirstSnapshotTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    @Test
    void waitsForTheFirstSnapshotThenServesIt(@TempDir Path tmp) throws Exception {
        Catalog catalog = Catalog.standard();
        Path root = tmp.resolve("wh");
        WarehouseDir dir = new WarehouseDir(root);
        try (LiveWarehouse live = new LiveWarehouse(dir, catalog, Duration.ZERO);
             AccessState access = new AccessState(StateDatabase.open(StateDatabases.h2Url(tmp.resolve("state"))))) {
            String token = access.tokens.issue(access.users.add("admin", Role.ADMIN, Scope.NATION, "a test password 1"), "tests");
            assertFalse(live.published());
            assertThrows(LiveWarehouse.NotPublishedYet.class, live::acquire);
            // what a server does only for a warehouse it serves (its SQL workers, the hierarchy) waits for a snapshot
            AtomicInteger ran = new AtomicInteger();
            live.whenPublished(ran::incrementAndGet);
            Javalin app = Server.create(live, access, Server.Options.local(0)).start();
            try {
                HttpResponse<String> health = get(app, "/api/health", null);
                assertEquals(503, health.statusCode(), health.body());
                assertEquals("10", health.headers().firstValue("Retry-After").orElse(""));
                JsonNode error = json.readTree(health.body()).path("error");
                assertTrue(error.path("zh").asText().contains("第一次ETL"), health.body());
                assertTrue(error.path("en").asText().contains("first ETL run"), health.body());
                assertEquals(503, get(app, "/api/indicators", token).statusCode(), "every reading route waits alike");
                assertEquals(401, get(app, "/api/indicators", null).statusCode(), "who is asking is decided first");
                assertEquals(0, ran.get(), "nothing to serve yet");

                new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                        tmp.resolve("returns"), List.of("64"), 2020, 2020, 7, SampleGenerator.Headers.ID));
                SnapshotFixture.fromReturns(tmp.resolve("returns"), root);

                health = get(app, "/api/health", null);
                assertEquals(200, health.statusCode(), health.body());
                assertEquals(dir.requireCurrent().id(), json.readTree(health.body()).path("snapshot").asText());
                assertTrue(live.published());
                assertEquals(1, ran.get(), "run once the first snapshot is served");
                live.whenPublished(ran::incrementAndGet);
                assertEquals(2, ran.get(), "and at once when one is");
                HttpResponse<String> indicators = get(app, "/api/indicators", token);
                assertEquals(200, indicators.statusCode(), indicators.body());
            } finally {
                app.stop();
            }
        }
    }

    private static HttpResponse<String> get(Javalin app, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
