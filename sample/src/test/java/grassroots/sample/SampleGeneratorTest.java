package grassroots.sample;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Analyses;
import grassroots.warehouse.query.IndicatorValue;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The sample is deterministic and, loaded into a warehouse, reproduces the published figures of DOMAIN.md §4. */
class SampleGeneratorTest {
    @TempDir
    static Path tmp;
    static Warehouse national;
    static final Catalog catalog = Catalog.standard();

    @BeforeAll
    static void generateNationalYears() {
        SampleGenerator g = new SampleGenerator(RegionHierarchy.standard(), catalog);
        Path returns = tmp.resolve("national");
        for (int year : new int[]{2016, 2019, 2020}) {
            g.generate(new SampleGenerator.Options(returns, null, year, year, 20111, SampleGenerator.Headers.ID));
        }
        national = Warehouse.open(SnapshotFixture.fromReturns(returns, tmp.resolve("wh")), catalog);
    }

    @AfterAll
    static void close() {
        national.close();
    }

    private double value(String indicator, String region, int year) {
        List<Analyses.TrendValue> t = national.trend(indicator, region, year, year);
        assertEquals(1, t.size(), indicator + " " + region + " " + year);
        return t.get(0).value().value();
    }

    @Test
    void reproducesThePublishedNationalFigures() {
        assertEquals(83.8, value("urban_facility_coverage", "CN", 2019), 1.0);
        assertEquals(48.8, value("rural_facility_coverage", "CN", 2019), 1.0);
        assertEquals(79.3, value("urban_facility_coverage", "CN", 2016), 1.0);
        assertEquals(64.0, value("urban_consultation_adoption", "CN", 2016), 1.0);
        assertEquals(85.0, value("rural_consultation_adoption", "CN", 2016), 1.0);
        double turnout = value("election_turnout", "CN", 2020);
        assertTrue(turnout > 90, "turnout above 90%: " + turnout);
    }

    @Test
    void villagesAlmostAllHaveACharterIn2016() {
        double[] share = new double[1];
        national.query("""
                SELECT sum(has_charter) / count(*) FROM jc1 JOIN regions r ON r.code = jc1.unit_code
                WHERE NOT r.urban AND jc1.year = 2016""", List.of(), rs -> share[0] = rs.getDouble(1) * 100);
        assertEquals(98.0, share[0], 1.0);
    }

    @Test
    void jiangsuHasEightSocialWorkersPer10kIn2020() {
        assertEquals(8.0, value("social_worker_density", "32", 2020), 0.5);
    }

    @Test
    void provincePopulationsMatchThe2020Census() {
        Map<String, ProvinceProfile> profiles = ProvinceProfile.load();
        national.query("SELECT r.province_code, sum(population) FROM jc1 JOIN regions r ON r.code = jc1.unit_code "
                + "WHERE jc1.year = 2020 GROUP BY 1", List.of(), rs -> {
            double census = profiles.get(rs.getString(1)).population() * 1e6;
            assertEquals(census, rs.getDouble(2), census * 0.02, "province " + rs.getString(1));
        });
        double nationalPopulation = national.trend("social_worker_density", "CN", 2020, 2020).get(0).value().denominator();
        assertEquals(1411.78e6, nationalPopulation, 1411.78e6 * 0.02);
    }

    @Test
    void richerEasternProvincesLeadAndEveryoneImproves() {
        List<IndicatorValue> ranking = national.values("rural_facility_coverage", Level.PROVINCE, 2019, null);
        assertEquals(31, ranking.size());
        List<String> top = ranking.subList(0, 8).stream().map(IndicatorValue::regionCode).toList();
        assertTrue(top.contains("32") || top.contains("31") || top.contains("11"), "eastern provinces lead: " + top);
        List<String> bottom = ranking.subList(23, 31).stream().map(IndicatorValue::regionCode).toList();
        assertTrue(bottom.contains("62") || bottom.contains("52") || bottom.contains("45"), "western ones trail: " + bottom);
        assertTrue(value("urban_facility_coverage", "CN", 2020) > value("urban_facility_coverage", "CN", 2016));
        assertTrue(value("social_work_station_coverage", "CN", 2020) > value("social_work_station_coverage", "CN", 2016));
    }

    @Test
    void electionRowsOnlyInElectionYears() {
        long[] counts = new long[2];
        national.query("SELECT count(*) FILTER (WHERE election_held = 1 AND year = 2019), "
                + "count(*) FILTER (WHERE eligible_voters IS NOT NULL AND election_held = 0) FROM jc1", List.of(), rs -> {
            counts[0] = rs.getLong(1);
            counts[1] = rs.getLong(2);
        });
        assertEquals(0, counts[0], "2019 is not an election year");
        assertEquals(0, counts[1], "voters only where an election was held");
    }

    @Test
    void theSameSeedGivesTheSameFilesAndChineseHeadersAreLabels() throws IOException {
        SampleGenerator g = new SampleGenerator(RegionHierarchy.standard(), catalog);
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        g.generate(new SampleGenerator.Options(a, List.of("64"), 2020, 2021, 7, SampleGenerator.Headers.ID));
        g.generate(new SampleGenerator.Options(b, List.of("64"), 2020, 2021, 7, SampleGenerator.Headers.ID));
        g.generate(new SampleGenerator.Options(c, List.of("64"), 2020, 2021, 8, SampleGenerator.Headers.ZH));
        Form jc1 = catalog.form("JC-1");
        for (int year : new int[]{2020, 2021}) {
            Path fa = SampleGenerator.fileFor(a, jc1, "64", year), fb = SampleGenerator.fileFor(b, jc1, "64", year);
            assertEquals(-1L, Files.mismatch(fa, fb), "same seed, same bytes: " + fa);
            assertNotEquals(-1L, Files.mismatch(fa, SampleGenerator.fileFor(c, jc1, "64", year)), "another seed differs");
        }
        String zhHeader = Files.readAllLines(SampleGenerator.fileFor(c, jc1, "64", 2020)).get(0);
        assertTrue(zhHeader.startsWith("统计用区划代码,单位名称,年份,户数,常住人口"), zhHeader);
        // a province's files do not depend on which other provinces are generated
        Path alone = tmp.resolve("alone");
        g.generate(new SampleGenerator.Options(alone, List.of("64"), 2020, 2020, 20111, SampleGenerator.Headers.ID));
        assertEquals(-1L, Files.mismatch(SampleGenerator.fileFor(alone, jc1, "64", 2020),
                SampleGenerator.fileFor(tmp.resolve("national"), jc1, "64", 2020)));
    }
}
