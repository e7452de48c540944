package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.store.MartBuilder;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The response cache over real HTTP: a repeated question is answered without running its handler again (so this
 * fails with the cache off), a cache of size 0 runs every one, and a newly published snapshot is never answered
 * from the old snapshot's kept answers.
 */
class ResponseCacheTest extends LiveServer {

    /** A server with one counting route and the real /api/meta, over its own live view of this class's warehouse. */
    private record Probe(Javalin app, LiveWarehouse live, AtomicInteger runs) implements AutoCloseable {
        static Probe start(ResponseCache cache) {
            LiveWarehouse live = new LiveWarehouse(new WarehouseDir(tmp.resolve("wh")), Catalog.standard(), Duration.ZERO);
            AtomicInteger runs = new AtomicInteger();
            Javalin app = Javalin.create(cfg -> {
                cfg.jetty.host = "127.0.0.1";
                cfg.jetty.port = 0;
                cfg.jsonMapper(new io.javalin.json.JavalinJackson(Server.JSON, false));
                cfg.routes.get("/counted", cache.around(live, (ctx, w) ->
                        ctx.json(Map.of("snapshot", w.snapshot().id(), "run", runs.incrementAndGet()))));
                cfg.routes.get("/api/meta", cache.around(live, CatalogApi::meta));
            }).start();
            return new Probe(app, live, runs);
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return json.readTree(r.body());
        }

        @Override
        public void close() {
            app.stop();
            live.close();
        }
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCache() throws Exception {
        try (Probe p = Probe.start(new ResponseCache(16))) {
            JsonNode first = p.get("/counted?a=1");
            assertEquals(first, p.get("/counted?a=1"));
            assertEquals(1, p.runs().get(), "the second request was answered without running the handler");
            p.get("/counted?a=2");
            assertEquals(2, p.runs().get(), "another question is another answer");
        }
    }

    @Test
    void withTheCacheOffEveryQuestionRunsItsHandler() throws Exception {
        try (Probe p = Probe.start(new ResponseCache(0))) {
            assertEquals(1, p.get("/counted").get("run").asInt());
            assertEquals(2, p.get("/counted").get("run").asInt());
        }
    }

    @Test
    void aNewSnapshotIsNeverAnsweredFromTheOldOnesCache() throws Exception {
        try (Probe p = Probe.start(new ResponseCache(16))) {
            WarehouseDir dir = new WarehouseDir(tmp.resolve("wh"));
            String old = dir.requireCurrent().id();
            assertEquals(old, p.get("/counted").get("snapshot").asText());
            assertEquals(old, p.get("/api/meta").get("snapshot").asText());
            assertEquals(old, p.get("/api/meta").get("snapshot").asText());

            Snapshot next = dir.derive(dir.requireCurrent(), "cache-next");
            new MartBuilder(Catalog.standard()).build(next);
            dir.publish(next);

            JsonNode after = p.get("/counted");
            assertEquals("cache-next", after.get("snapshot").asText());
            assertEquals(2, after.get("run").asInt(), "the same question on the new snapshot ran its handler again");
            assertEquals("cache-next", p.get("/api/meta").get("snapshot").asText());
        }
    }
}
