package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Trends across division-code changes, both ways: as reported (the codes of each year) and on today's boundaries
 * (every return mapped onto today's regions), with completeness counted on the units that existed each year.
 */
class BoundariesTest {
    @TempDir
    static Path tmp;
    static Warehouse w;
    static Path returns;

    @BeforeAll
    static void build() {
        Catalog catalog = Catalog.standard();
        returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                returns, List.of("32", "64"), 2016, 2019, 20111, SampleGenerator.Headers.ID));
        w = Warehouse.open(SnapshotFixture.fromReturns(returns, tmp.resolve("wh")), catalog);
    }

    @AfterAll
    static void close() {
        w.close();
    }

    static List<Integer> years(List<Analyses.TrendValue> trend) {
        return trend.stream().map(t -> t.value().year()).toList();
    }

    @Test
    void theSampleUsesEachYearsCodes() throws Exception {
        String y2016 = Files.readString(SampleGenerator.fileFor(returns, Catalog.standard().form("JC-1"), "32", 2016));
        String y2017 = Files.readString(SampleGenerator.fileFor(returns, Catalog.standard().form("JC-1"), "32", 2017));
        assertTrue(y2016.contains("\n320829") && !y2016.contains("\n320813"), "洪泽县's codes until 2016");
        assertTrue(y2017.contains("\n320813") && !y2017.contains("\n320829"), "洪泽区's codes from 2017");
    }

    /** Stored once where both boundaries agree, twice where a code change makes them differ; read back whole. */
    @Test
    void aValueTheSameOnBothBoundariesIsStoredOnce() {
        java.util.Map<String, Long> stored = new java.util.TreeMap<>();
        w.query("SELECT region_code || ' ' || boundaries, count(*) FROM marts.indicator_values WHERE indicator = 'charter_coverage' "
                + "AND year = 2016 AND region_code IN ('3201', '320813', '320829') GROUP BY ALL", List.of(),
                rs -> stored.put(rs.getString(1), rs.getLong(2)));
        assertEquals(java.util.Map.of("3201 both", 1L, "320813 current", 1L, "320829 reported", 1L), stored,
                "Nanjing is untouched; Hongze's 2016 returns are 320829 as reported and 320813 on today's map");
        long[] view = new long[2];
        w.query("SELECT count(*) FILTER (WHERE boundaries = 'current'), count(*) FILTER (WHERE boundaries = 'reported') "
                + "FROM indicator_values WHERE indicator = 'charter_coverage' AND region_code = '3201'", List.of(),
                rs -> { view[0] = rs.getLong(1); view[1] = rs.getLong(2); });
        assertArrayEquals(new long[]{4, 4}, view, "the researchers' view shows each year on both boundaries");
    }

    @Test
    void aRecodedCountyIsTwoSeriesAsReportedAndOneOnTodaysBoundaries() {
        String ind = "rural_facility_coverage";
        assertEquals(List.of(2016), years(w.trend(ind, "320829", 2011, 2025, Boundaries.REPORTED)));
        assertEquals(List.of(2017, 2018, 2019), years(w.trend(ind, "320813", 2011, 2025, Boundaries.REPORTED)));
        List<Analyses.TrendValue> today = w.trend(ind, "320813", 2011, 2025, Boundaries.CURRENT);
        assertEquals(List.of(2016, 2017, 2018, 2019), years(today));
        IndicatorValue old = w.trend(ind, "320829", 2016, 2016, Boundaries.REPORTED).get(0).value();
        IndicatorValue mapped = today.get(0).value();
        assertEquals(old.numerator(), mapped.numerator());
        assertEquals(old.denominator(), mapped.denominator());
        assertEquals(old.expectedUnits(), mapped.expectedUnits(), "the same units existed, under other codes");
        assertNotNull(today.get(1).change(), "a year-over-year change across the recode");
        // the prefecture is the same either way: the same units roll up to it
        assertEquals(w.trend(ind, "3208", 2016, 2016, Boundaries.REPORTED).get(0).value().value(),
                w.trend(ind, "3208", 2016, 2016, Boundaries.CURRENT).get(0).value().value());
    }

    @Test
    void aMergedTownshipCountsInItsSuccessorOnTodaysBoundaries() {
        String ind = "charter_coverage";
        IndicatorValue asReported = w.trend(ind, "640104004", 2017, 2017, Boundaries.REPORTED).get(0).value();
        IndicatorValue merged = w.trend(ind, "640104090", 2017, 2017, Boundaries.REPORTED).get(0).value();
        IndicatorValue today = w.trend(ind, "640104004", 2017, 2017, Boundaries.CURRENT).get(0).value();
        assertEquals(asReported.expectedUnits() + merged.expectedUnits(), today.expectedUnits());
        assertEquals(asReported.denominator() + merged.denominator(), today.denominator());
        assertTrue(w.trend(ind, "640104090", 2018, 2019, Boundaries.REPORTED).isEmpty(), "gone after the merge");
        assertTrue(w.values(ind, Level.TOWNSHIP, 2017, "640104", Boundaries.CURRENT).stream()
                .noneMatch(v -> v.regionCode().equals("640104090")), "today's boundaries show only today's townships");
    }

    @Test
    void aSplitTownshipsReturnsAreApportionedByItsWeights() {
        String ind = "social_work_station_coverage";
        assertTrue(w.trend(ind, "640104009", 2018, 2018, Boundaries.REPORTED).isEmpty(), "640104009 was formed in 2019");
        IndicatorValue before = w.trend(ind, "640104008", 2018, 2018, Boundaries.REPORTED).get(0).value();
        IndicatorValue partNew = w.trend(ind, "640104009", 2018, 2018, Boundaries.CURRENT).get(0).value();
        IndicatorValue partOld = w.trend(ind, "640104008", 2018, 2018, Boundaries.CURRENT).get(0).value();
        assertEquals(0.55 * before.denominator(), partNew.denominator(), 1e-9);
        assertEquals(0.45 * before.denominator(), partOld.denominator(), 1e-9);
        assertEquals(before.value(), partNew.value(), 1e-9, "a share of one township's return has its value");
        // units moved to the new township: on today's boundaries its JC-1 history starts before it existed
        assertEquals(List.of(2016, 2017, 2018, 2019), years(w.trend("charter_coverage", "640104009", 2011, 2025, Boundaries.CURRENT)));
        assertEquals(List.of(2019), years(w.trend("charter_coverage", "640104009", 2011, 2025, Boundaries.REPORTED)));
    }

    @Test
    void countiesAndAboveAgreeOnBothBoundariesWhereNothingChanged() {
        for (Level level : List.of(Level.NATION, Level.PROVINCE, Level.PREFECTURE)) {
            List<IndicatorValue> a = w.values("social_worker_density", level, 2016, null, Boundaries.CURRENT);
            List<IndicatorValue> b = w.values("social_worker_density", level, 2016, null, Boundaries.REPORTED);
            assertEquals(a, b, level.id());
        }
    }

    /** Peer groups compare regions by population on today's boundaries: a recoded county's returns count once. */
    @Test
    void regionStatsAreOneRowPerRegionAndYearOnTodaysBoundaries() {
        long[] n = new long[2];
        w.query("SELECT count(*), count(DISTINCT (level, region_code, year)) FROM region_stats", List.of(),
                rs -> { n[0] = rs.getLong(1); n[1] = rs.getLong(2); });
        assertEquals(n[1], n[0], "one row per level, region and year");
        double[] population = new double[2];
        w.query("SELECT population FROM region_stats WHERE level = 'prefecture' AND region_code = '3208' AND year = 2016",
                List.of(), rs -> population[0] = rs.getDouble(1));
        w.query("SELECT sum(population) FROM jc1 WHERE year = 2016 AND unit_code LIKE '3208%'", List.of(),
                rs -> population[1] = rs.getDouble(1));
        assertTrue(population[1] > 0);
        assertEquals(population[1], population[0], "Huai'an's 2016 population, its recoded county's units included");
    }
}
