package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.LiveWarehouse;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.MartBuilder;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.StateDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An indicator is a data change: a new YAML file, the marts recomputed into a new snapshot, and the running server
 * serves it in its list, its values and the SQL views, without a code change or a restart.
 */
class AddIndicatorTest {
    private static String token;

    @Test
    void aNewIndicatorFileIsServedEverywhere(@TempDir Path tmp) throws Exception {
        new SampleGenerator(RegionHierarchy.standard(), Catalog.standard()).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2020, 2020, 3, SampleGenerator.Headers.ID));
        WarehouseDir dir = SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh"));

        Path extra = tmp.resolve("catalog");
        Files.createDirectories(extra.resolve("indicators"));
        Files.writeString(extra.resolve("indicators/rural_supervision_coverage.yaml"), """
                id: rural_supervision_coverage
                name: {zh: 村务监督委员会覆盖率, en: Village affairs supervision coverage}
                definition: {zh: 建立村务监督委员会的村占村总数的比例。, en: Share of villages with a supervision committee.}
                form: JC-1
                population: rural
                numerator: has_supervision_committee
                denominator: "1"
                factor: 100
                unit: {zh: "%", en: "%"}
                decimals: 1
                sources: ["004"]
                """);
        Catalog catalog = Catalog.load(List.of(Catalog.builtInRoot(), extra));

        try (LiveWarehouse live = new LiveWarehouse(dir, catalog, Duration.ZERO);
             AccessState access = new AccessState(StateDatabase.open(StateDatabases.h2Url(tmp.resolve("state"))))) {
            token = access.tokens.issue(access.users.add("admin", Role.ADMIN, Scope.NATION, "a test password 1"), "tests");
            Javalin app = Server.create(live, access, Server.Options.local(0)).start();
            try {
                String base = "http://127.0.0.1:" + app.port();
                JsonNode list = get(base + "/api/indicators");
                assertTrue(list.findValuesAsText("id").contains("rural_supervision_coverage"), "listed from its file");
                assertEquals(0, get(base + "/api/values?indicator=rural_supervision_coverage&level=province&year=2020").size(),
                        "no values before the marts are recomputed");

                // ./grassroots marts: the same returns, marts recomputed with the catalog, published
                Snapshot next = dir.derive(dir.requireCurrent(), "with-new-indicator");
                new MartBuilder(catalog).build(next);
                dir.publish(next);

                JsonNode values = get(base + "/api/values?indicator=rural_supervision_coverage&level=province&year=2020");
                JsonNode ningxia = values.get(0);
                assertEquals("64", ningxia.get("region_code").asText());
                assertEquals(100 * ningxia.get("numerator").asDouble() / ningxia.get("denominator").asDouble(),
                        ningxia.get("value").asDouble(), 1e-9);
                HttpResponse<String> sql = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/sql"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT count(*) FROM indicator_values "
                                + "WHERE indicator = 'rural_supervision_coverage'\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(new ObjectMapper().readTree(sql.body()).get("rows").get(0).get(0).asLong() > 0, sql.body());
            } finally {
                app.stop();
            }
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + " → " + r.body());
        return new ObjectMapper().readTree(r.body());
    }
}
