package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A hand-built case where a mean of ratios and a ratio of sums differ at every level: the warehouse must give the ratio
 * of sums, with the numerator, denominator and completeness behind it.
 */
class RatioOfSumsTest {
    @TempDir
    static Path tmp;
    static Warehouse warehouse;

    // Ningxia (64), 银川 (6401), 兴庆区 (640104): two townships, each with urban units.
    static final String T1 = "640104001", T2 = "640104002", OTHER_COUNTY_UNIT = "640105001002";

    @BeforeAll
    static void build() throws IOException {
        Path returns = tmp.resolve("returns/JC-1/64");
        Files.createDirectories(returns);
        String header = "unit_code,unit_name,year,households,population,has_service_facility,facility_area_m2,"
                + "has_consultation_body,has_charter,has_supervision_committee,grid_total,grid_staffed,community_workers,"
                + "certified_social_workers,registered_volunteers,social_organizations,election_held,eligible_voters,"
                + "votes_cast,service_spending_10k_yuan,revision,submitted_on\n";
        // population, social workers; election: voters, votes
        Files.writeString(returns.resolve("a.csv"), header
                + row(T1 + "002", 1000, 1, 100, 90) // 10 per 10k… ratio 1/1000
                + row(T1 + "003", 9000, 0, 1000, 500)
                + row(T2 + "001", 2000, 8, 200, 200)
                + row(OTHER_COUNTY_UNIT, 4000, 4, 0, 0));
        warehouse = Warehouse.open(SnapshotFixture.fromReturns(tmp.resolve("returns"), tmp.resolve("wh")), Catalog.standard());
    }

    private static String row(String code, int population, int socialWorkers, int voters, int votes) {
        boolean election = voters > 0;
        return code + ",x,2020," + population / 3 + "," + population + ",1,100,1,1,1,4,2,5," + socialWorkers + ",10,1,"
                + (election ? 1 : 0) + "," + (election ? voters : "") + "," + (election ? votes : "") + ",1.5,,\n";
    }

    @AfterAll
    static void close() {
        warehouse.close();
    }

    private IndicatorValue one(String indicator, Level level, String code) {
        List<IndicatorValue> rows = warehouse.values(indicator, level, 2020, null);
        return rows.stream().filter(r -> r.regionCode().equals(code)).findFirst().orElseThrow(() -> new AssertionError(code));
    }

    @Test
    void decimalFiguresAreAddedUpToTheLastDigit() {
        // 1.5 (10k yuan) in each of T1's two units: 3.0 exactly, over 10,000 residents → 3.0 yuan per resident
        IndicatorValue t1 = one("service_spending_per_capita", Level.TOWNSHIP, T1);
        assertEquals(3.0, t1.numerator());
        assertEquals(10_000.0, t1.denominator());
        assertEquals(6.0, one("service_spending_per_capita", Level.PROVINCE, "64").numerator());
    }

    @Test
    void socialWorkerDensityIsARatioOfSumsAtEveryLevel() {
        // township 640104001: (1 + 0) / (1000 + 9000) × 10,000 = 1.0, not the mean of 10 and 0 = 5
        IndicatorValue t1 = one("social_worker_density", Level.TOWNSHIP, T1);
        assertEquals(1.0, t1.value(), 1e-9);
        assertEquals(1.0, t1.numerator());
        assertEquals(10_000.0, t1.denominator());
        // county 640104: (1 + 0 + 8) / (1000 + 9000 + 2000) × 10,000 = 7.5; mean of township ratios would be 20.5
        assertEquals(7.5, one("social_worker_density", Level.COUNTY, "640104").value(), 1e-9);
        // prefecture, province and nation add 640105's unit: 13 / 16,000 × 10,000 = 8.125
        for (Level level : List.of(Level.PREFECTURE, Level.PROVINCE, Level.NATION)) {
            String code = switch (level) { case PREFECTURE -> "6401"; case PROVINCE -> "64"; default -> "CN"; };
            IndicatorValue v = one("social_worker_density", level, code);
            assertEquals(8.125, v.value(), 1e-9, level.id());
            assertEquals(16_000.0, v.denominator(), level.id());
            assertEquals(4, v.reportedUnits(), level.id());
        }
    }

    @Test
    void turnoutCountsOnlyUnitsThatHeldAnElection() {
        // (90 + 500 + 200) / (100 + 1000 + 200) = 60.77%, the unit with no election is left out
        IndicatorValue v = one("election_turnout", Level.PREFECTURE, "6401");
        assertEquals(790.0 / 1300 * 100, v.value(), 1e-9);
        assertEquals(4, v.reportedUnits());
    }

    @Test
    void completenessComparesReportsWithTheUnitsOfThatYear() {
        IndicatorValue township = one("charter_coverage", Level.TOWNSHIP, T1);
        assertEquals(2, township.reportedUnits());
        assertTrue(township.expectedUnits() > 2, "the township has more units than reported");
        assertEquals((double) township.reportedUnits() / township.expectedUnits(), township.completeness(), 1e-12);
        IndicatorValue nation = one("charter_coverage", Level.NATION, "CN");
        assertEquals(620_572, nation.expectedUnits(), "every administered unit of the country is expected");
    }

    @Test
    void aParentSelectsAllDescendantsOfTheLevel() {
        List<IndicatorValue> townships = warehouse.values("charter_coverage", Level.TOWNSHIP, 2020, "64");
        assertTrue(townships.stream().allMatch(v -> v.regionCode().startsWith("64")));
        assertTrue(townships.stream().anyMatch(v -> v.regionCode().equals(T2)));
        List<Analyses.TrendValue> trend = warehouse.trend("social_worker_density", "64", 2011, 2025);
        assertEquals(1, trend.size());
        assertEquals(2020, trend.get(0).value().year());
        assertNull(trend.get(0).change(), "no earlier year to compare with");
    }
}
