package grassroots.warehouse.query;

import grassroots.sample.SampleGenerator;
import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.RegionHierarchy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A region whose code later changed, and whose units sent no return one year, still counts its units as expected
 * that year on both boundaries: the marts roll up the expected units of changed codes apart from their sums.
 */
class UnreportedChangedRegionTest {
    /** 红花街道, merged into 640104004 in 2018 (catalog's changes.yaml); its units send nothing for 2017 here. */
    static final String MERGED = "640104090", SUCCESSOR = "640104004";

    @TempDir
    static Path tmp;
    static Warehouse w;

    @BeforeAll
    static void build() throws Exception {
        Catalog catalog = Catalog.standard();
        Path returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                returns, List.of("64"), 2016, 2017, 20111, SampleGenerator.Headers.ID));
        Path file = SampleGenerator.fileFor(returns, catalog.form("JC-1"), "64", 2017);
        String kept = Files.readAllLines(file).stream().filter(line -> !line.startsWith(MERGED)).collect(Collectors.joining("\n", "", "\n"));
        assertNotEquals(Files.readString(file), kept, "the sample has units of " + MERGED + " in 2017");
        Files.writeString(file, kept);
        w = Warehouse.open(SnapshotFixture.fromReturns(returns, tmp.resolve("wh")), catalog);
    }

    @AfterAll
    static void close() {
        w.close();
    }

    /** {reported units, expected units} of charter coverage, 2017, per region and boundaries ("code boundaries"). */
    static java.util.Map<String, List<Long>> units() {
        java.util.Map<String, List<Long>> units = new java.util.TreeMap<>();
        w.query("SELECT region_code || ' ' || boundaries, reported_units, expected_units FROM indicator_values "
                        + "WHERE indicator = 'charter_coverage' AND year = 2017 AND region_code IN (?, ?)", List.of(MERGED, SUCCESSOR),
                rs -> units.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3))));
        return units;
    }

    @Test
    void itsUnitsAreExpectedAsReportedAndInItsSuccessorToday() {
        long[] existing = new long[1];
        w.query("SELECT count(*) FROM regions WHERE level = 'unit' AND administered AND township_code = ? "
                + "AND 2017 BETWEEN valid_from AND valid_to", List.of(MERGED), rs -> existing[0] = rs.getLong(1));
        assertTrue(existing[0] > 0);
        java.util.Map<String, List<Long>> units = units();
        assertEquals(List.of(0L, existing[0]), units.get(MERGED + " reported"), "expected, none reported: " + units);
        assertNull(units.get(MERGED + " current"), "not one of today's townships");
        List<Long> successorAsReported = units.get(SUCCESSOR + " reported"), successorToday = units.get(SUCCESSOR + " current");
        assertEquals(successorAsReported.get(0), successorToday.get(0), "the same returns either way: " + units);
        assertEquals(successorAsReported.get(1) + existing[0], successorToday.get(1), "its units expected in the successor: " + units);
    }

    @Test
    void theCountyExpectsTheSameUnitsOnBothBoundaries() {
        java.util.Map<String, List<Long>> county = new java.util.TreeMap<>();
        w.query("SELECT boundaries, reported_units, expected_units FROM completeness WHERE form = 'JC-1' AND year = 2017 "
                + "AND region_code = '640104'", List.of(), rs -> county.put(rs.getString(1), List.of(rs.getLong(2), rs.getLong(3))));
        assertEquals(county.get("reported"), county.get("current"), county.toString());
        long[] existing = new long[1];
        w.query("SELECT count(*) FROM regions WHERE level = 'unit' AND administered AND county_code = '640104' "
                + "AND 2017 BETWEEN valid_from AND valid_to", List.of(), rs -> existing[0] = rs.getLong(1));
        assertEquals(existing[0], county.get("current").get(1));
        assertTrue(county.get("current").get(0) < existing[0], "some sent nothing");
    }
}
