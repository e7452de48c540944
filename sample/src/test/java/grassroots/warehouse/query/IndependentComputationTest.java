package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The warehouse's values at every level equal a computation written independently here, in plain Java, from the
 * unit rows of the returns files and the definitions of DOMAIN.md §3.
 */
class IndependentComputationTest {
    @TempDir
    static Path tmp;
    static Warehouse warehouse;
    static final RegionHierarchy regions = RegionHierarchy.standard();
    static List<CSVRecord> jc1, jc2;

    @BeforeAll
    static void build() throws Exception {
        Catalog catalog = Catalog.standard();
        new SampleGenerator(regions, catalog).generate(new SampleGenerator.Options(
                tmp.resolve("returns"), List.of("64"), 2021, 2021, 11, SampleGenerator.Headers.ID));
        warehouse = Warehouse.open(SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh")), catalog);
        jc1 = read(SampleGenerator.fileFor(tmp.resolve("returns"), catalog.form("JC-1"), "64", 2021));
        jc2 = read(SampleGenerator.fileFor(tmp.resolve("returns"), catalog.form("JC-2"), "64", 2021));
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    static List<CSVRecord> read(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
    }

    static double num(CSVRecord r, String field) {
        String v = r.get(field);
        return v.isEmpty() ? 0 : Double.parseDouble(v);
    }

    /** Σ numerator and Σ denominator per region of {@code level}, from unit rows. */
    interface Term {
        double of(CSVRecord r);
    }

    static Map<String, double[]> sums(List<CSVRecord> rows, String codeField, Level level, java.util.function.Predicate<CSVRecord> counted,
                                      Term numerator, Term denominator) {
        Map<String, double[]> out = new HashMap<>();
        for (CSVRecord r : rows) {
            if (!counted.test(r)) continue;
            Region unit = regions.require(r.get(codeField));
            double[] s = out.computeIfAbsent(unit.ancestor(level), k -> new double[2]);
            s[0] += numerator.of(r);
            s[1] += denominator.of(r);
        }
        return out;
    }

    static void check(String indicator, double factor, Map<String, double[]> expected, Level level) {
        Map<String, IndicatorValue> actual = new HashMap<>();
        for (IndicatorValue v : warehouse.values(indicator, level, 2021, "64")) actual.put(v.regionCode(), v);
        assertFalse(expected.isEmpty());
        expected.forEach((code, s) -> {
            IndicatorValue v = actual.get(code);
            assertNotNull(v, indicator + " " + code);
            assertEquals(s[0], v.numerator(), 1e-6, indicator + " numerator " + code);
            assertEquals(s[1], v.denominator(), 1e-6, indicator + " denominator " + code);
            assertEquals(factor * s[0] / s[1], v.value(), 1e-9, indicator + " " + code);
        });
    }

    static boolean urban(CSVRecord r) {
        return regions.require(r.get("unit_code")).urban();
    }

    @ParameterizedTest
    @EnumSource(value = Level.class, names = {"PROVINCE", "PREFECTURE", "COUNTY", "TOWNSHIP"})
    void matchesAComputationFromTheUnitRows(Level level) {
        check("urban_facility_coverage", 100, sums(jc1, "unit_code", level, IndependentComputationTest::urban,
                r -> num(r, "has_service_facility"), r -> 1), level);
        check("rural_consultation_adoption", 100, sums(jc1, "unit_code", level, r -> !urban(r),
                r -> num(r, "has_consultation_body"), r -> 1), level);
        check("social_worker_density", 10_000, sums(jc1, "unit_code", level, r -> true,
                r -> num(r, "certified_social_workers"), r -> num(r, "population")), level);
        check("facility_area_compliance", 100, sums(jc1, "unit_code", level, r -> true,
                r -> num(r, "facility_area_m2") >= 0.30 * num(r, "households") ? 1 : 0, r -> 1), level);
        check("election_turnout", 100, sums(jc1, "unit_code", level, r -> r.get("election_held").equals("1"),
                r -> num(r, "votes_cast"), r -> num(r, "eligible_voters")), level);
        check("grid_staffing_rate", 100, sums(jc1, "unit_code", level, r -> true,
                r -> num(r, "grid_staffed"), r -> num(r, "grid_total")), level);
        check("service_spending_per_capita", 10_000, sums(jc1, "unit_code", level, r -> true,
                r -> num(r, "service_spending_10k_yuan"), r -> num(r, "population")), level);
        check("social_work_station_coverage", 100, sums(jc2, "township_code", level, r -> true,
                r -> num(r, "has_social_work_station"), r -> 1), level);
    }
}
