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

    /**
     * A form's text is the same in every JVM: the ETL derives its rules version from it, and a version that changed from
     * one run to the next made every run a full one (Map.copyOf iterates in an order salted per JVM).
     */
    @Test
    void aFormKeepsItsDeclaredOrder() {
        var jc1 = Catalog.standard().forms().stream().filter(f -> f.id().equals("JC-1")).findFirst().orElseThrow();
        assertEquals(java.util.List.of("all", "urban", "rural"), java.util.List.copyOf(jc1.counted().keySet()));
    }

    @Test
    void declaresTheFormsOfTheDomain() {
        Form jc1 = catalog.form("JC-1");
        // the 20 fields of DOMAIN.md §2, revision and submission date: present, whatever fields are added later
        assertTrue(jc1.fieldIds().containsAll(List.of("unit_code", "unit_name", "year", "households", "population",
                "has_service_facility", "facility_area_m2", "has_consultation_body", "has_charter", "has_supervision_committee",
                "grid_total", "grid_staffed", "community_workers", "certified_social_workers", "registered_volunteers",
                "social_organizations", "election_held", "eligible_voters", "votes_cast", "service_spending_10k_yuan",
                "revision", "submitted_on")), jc1.fieldIds().toString());
        assertEquals(jc1.fieldIds().size(), new java.util.HashSet<>(jc1.fieldIds()).size(), "field ids are unique");
        assertEquals(List.of("revision", "submitted_on"), jc1.revisionOrder());
        assertEquals("unit_code", jc1.regionField());
        assertEquals("常住人口", jc1.requireField("population").label().zh());
        assertEquals("population", jc1.fieldForHeader(" 常住人口 ").orElseThrow().id());
        // DOMAIN.md §2's cross-field rules, each naming the fields it reads and saying what is wrong in both languages
        assertTrue(jc1.rules().stream().map(r -> r.id()).toList().containsAll(List.of("households_le_population",
                "facility_area_iff_facility", "grid_staffed_le_total", "votes_le_voters")));
        for (Form f : catalog.forms()) {
            for (grassroots.warehouse.forms.Rule r : f.rules()) {
                assertFalse(r.fields().isEmpty(), r.id());
                assertTrue(r.fields().stream().allMatch(id -> f.field(id).isPresent()), r.id());
                assertFalse(r.message().zh().isBlank() || r.message().en().isBlank(), r.id());
            }
        }
        Form jc2 = catalog.form("JC-2");
        assertEquals(List.of("township_code", "year", "has_social_work_station", "station_staff", "revision", "submitted_on"), jc2.fieldIds());
    }

    @Test
    void declaresTheIndicatorsOfTheDomainWithTheirTargets() {
        // DOMAIN.md §3's fifteen indicators are there; more may be added as data
        assertTrue(catalog.indicators().stream().map(Indicator::id).toList().containsAll(List.of("charter_coverage",
                "community_workers_per_unit", "election_turnout", "facility_area_compliance", "grid_staffing_rate",
                "rural_consultation_adoption", "rural_facility_coverage", "service_spending_per_capita", "social_org_density",
                "social_work_station_coverage", "social_worker_density", "supervision_coverage", "urban_consultation_adoption",
                "urban_facility_coverage", "volunteer_density")));
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
            assertNotNull(catalog.countedUnits(i), i.id() + " says what it counts");
            if (i.share()) assertEquals(100, i.factor(), i.id() + " is a share in %");
        }
        assertTrue(catalog.indicator("urban_facility_coverage").orElseThrow().share());
        assertFalse(catalog.indicator("social_worker_density").orElseThrow().share());
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
        assertEquals(catalog.indicators().size() + 1, withExtra.indicators().size());
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

    @Test
    void theFirstYearLevelsAndQualityRulesAreDeclaredOnceAndChecked(@TempDir Path extra) throws IOException {
        // what the code uses is what the catalog declares
        assertEquals(catalog.firstYear(), grassroots.warehouse.forms.FieldValues.FIRST_YEAR);
        assertEquals(catalog.firstYear(), grassroots.warehouse.regions.RegionHierarchy.FIRST_YEAR);
        assertEquals(catalog.quality().completeness().low(), grassroots.warehouse.query.IndicatorValue.LOW_COMPLETENESS);
        List<Reporting.LevelDeclaration> levels = catalog.reporting().levels();
        for (grassroots.warehouse.regions.Level l : grassroots.warehouse.regions.Level.values()) {
            assertEquals(levels.get(l.ordinal()).id(), l.id());
            assertEquals(levels.get(l.ordinal()).digits(), l.digits());
            assertEquals(levels.get(l.ordinal()).name(), l.label());
        }
        assertTrue(catalog.forms().stream().anyMatch(f -> f.id().equals(catalog.quality().defaultForm())));

        // an extra root may change a rule; a rule that cannot hold is refused, naming its file
        Files.writeString(extra.resolve("quality.yaml"), """
                default_form: JC-2
                completeness: {low: 0.9, bands: [0.8, 0.9]}
                outliers: {z: 3.0, min_siblings: 4, levels: [province]}
                """);
        Catalog changed = Catalog.load(List.of(Catalog.builtInRoot(), extra));
        assertEquals("JC-2", changed.quality().defaultForm());
        assertEquals(3.0, changed.quality().outliers().z());
        assertEquals(List.of(grassroots.warehouse.regions.Level.PROVINCE), changed.quality().outliers().levels());

        Files.writeString(extra.resolve("quality.yaml"), """
                default_form: JC-9
                completeness: {low: 0.95, bands: [0.9]}
                outliers: {z: 3.5, min_siblings: 5, levels: [county]}
                """);
        CatalogError e = assertThrows(CatalogError.class, () -> Catalog.load(List.of(Catalog.builtInRoot(), extra)));
        assertTrue(e.getMessage().contains("quality.yaml") && e.getMessage().contains("JC-9"), e.getMessage());

        Files.delete(extra.resolve("quality.yaml"));
        Files.writeString(extra.resolve("reporting.yaml"), """
                first_year: 2011
                levels:
                  - {id: nation, digits: 0, name: {zh: 全国, en: Nation}, plural: {zh: 全国, en: the nation}}
                  - {id: county, digits: 6, name: {zh: 县级, en: Counties}, plural: {zh: 县区, en: counties}}
                """);
        e = assertThrows(CatalogError.class, () -> Catalog.load(List.of(Catalog.builtInRoot(), extra)));
        assertTrue(e.getMessage().contains("reporting.yaml") && e.getMessage().contains("levels"), e.getMessage());
    }

    @Test
    void anIndicatorOnAPopulationItsFormDoesNotNameIsRefused(@TempDir Path extra) throws IOException {
        Files.createDirectories(extra.resolve("indicators"));
        Files.writeString(extra.resolve("indicators/urban_stations.yaml"), """
                id: urban_stations
                name: {zh: 城市街道社工站覆盖率, en: Urban station coverage}
                form: JC-2
                population: urban
                numerator: has_social_work_station
                denominator: "1"
                factor: 50
                share: true
                unit: {zh: "%", en: "%"}
                """);
        CatalogError e = assertThrows(CatalogError.class, () -> Catalog.load(List.of(Catalog.builtInRoot(), extra)));
        assertTrue(e.getMessage().contains("urban_stations"), e.getMessage());
    }
}
