package grassroots.warehouse.catalog;

import grassroots.warehouse.forms.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CatalogTest {
    private final Catalog catalog = Catalog.standard();

    @Test
    void declaresTheFormsOfTheDomain() {
        Form jc1 = catalog.form("JC-1");
        assertEquals(22, jc1.fields().size(), "the 20 fields of DOMAIN.md §2, revision and submission date");
        assertEquals(List.of("revision", "submitted_on"), jc1.revisionOrder());
        assertEquals("unit_code", jc1.regionField());
        assertEquals("常住人口", jc1.requireField("population").label().zh());
        assertEquals("population", jc1.fieldForHeader(" 常住人口 ").orElseThrow().id());
        assertEquals(7, jc1.rules().size());
        Form jc2 = catalog.form("JC-2");
        assertEquals(List.of("township_code", "year", "has_social_work_station", "station_staff", "revision", "submitted_on"), jc2.fieldIds());
    }

    @Test
    void declaresAllFifteenIndicatorsWithTheirTargets() {
        assertEquals(15, catalog.indicators().size());
        Indicator urban = catalog.indicator("urban_facility_coverage").orElseThrow();
        assertEquals(Population.URBAN, urban.population());
        assertEquals(100, urban.factor());
        assertTrue(urban.targets().stream().anyMatch(t -> t.plan().equals("十二五") && t.scope().equals("CN") && t.value() == 90));
        Indicator stations = catalog.indicator("social_work_station_coverage").orElseThrow();
        assertEquals("JC-2", stations.form());
        assertEquals(2025, stations.targets().get(0).year());
        assertEquals("election_held = 1", catalog.indicator("election_turnout").orElseThrow().filter());
        assertEquals(List.of("十二五", "十三五", "十四五"), catalog.plans().stream().map(PlanPeriod::id).toList());
        for (Indicator i : catalog.indicators()) {
            assertFalse(i.sources().isEmpty(), i.id() + " cites its source");
        }
    }

    @Test
    void anExtraDirectoryAddsAnIndicatorWithoutCode(@TempDir Path extra) throws IOException {
        Files.createDirectories(extra.resolve("indicators"));
        Files.writeString(extra.resolve("indicators/rural_charter_coverage.yaml"), """
                id: rural_charter_coverage
                name: {zh: 村规民约制定率, en: Village charter coverage}
                form: JC-1
                population: rural
                numerator: has_charter
                denominator: "1"
                factor: 100
                unit: {zh: "%", en: "%"}
                """);
        Catalog withExtra = Catalog.load(List.of(Catalog.builtInRoot(), extra));
        assertEquals(16, withExtra.indicators().size());
        assertEquals(Population.RURAL, withExtra.indicator("rural_charter_coverage").orElseThrow().population());
    }

    @Test
    void aMalformedFileIsNamedWithItsFault(@TempDir Path extra) throws IOException {
        Files.createDirectories(extra.resolve("indicators"));
        Files.writeString(extra.resolve("indicators/broken.yaml"), "id: broken\nname: {zh: 坏, en: Broken}\nform: JC-9\n"
                + "numerator: x\ndenominator: \"1\"\nfactor: 1\nunit: {zh: 个, en: n}\n");
        CatalogError e = assertThrows(CatalogError.class, () -> Catalog.load(List.of(Catalog.builtInRoot(), extra)));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("JC-9"), e.getMessage());

        Files.writeString(extra.resolve("indicators/broken.yaml"), "id: broken\nnumerator: [unclosed\n");
        e = assertThrows(CatalogError.class, () -> Catalog.load(List.of(Catalog.builtInRoot(), extra)));
        assertTrue(e.getMessage().contains("broken.yaml"), e.getMessage());
    }
}
