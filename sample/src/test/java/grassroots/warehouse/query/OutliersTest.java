package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A value far from its siblings', or an unusual jump from last year, is flagged (and still shown). */
class OutliersTest {
    @Test
    void aCountyWithTenTimesTheSocialWorkersIsFlaggedBothWays(@TempDir Path tmp) throws Exception {
        Catalog catalog = Catalog.standard();
        Path returns = tmp.resolve("returns");
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                returns, List.of("64"), 2019, 2020, 20111, SampleGenerator.Headers.ID));
        // 永宁县 (640121), one of 银川's six counties: ten times the certified social workers in 2020
        Path file = SampleGenerator.fileFor(returns, catalog.form("JC-1"), "64", 2020);
        int column = catalog.form("JC-1").fieldIds().indexOf("certified_social_workers");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] cells = line.split(",", -1);
            if (line.startsWith("640121")) cells[column] = String.valueOf(Integer.parseInt(cells[column]) * 10 + 30);
            lines.add(String.join(",", cells));
        }
        Files.write(file, lines);
        try (Warehouse w = Warehouse.open(SnapshotFixture.fromReturns(returns, tmp.resolve("wh")), catalog)) {
            List<Analyses.Outlier> flagged = w.outliers("social_worker_density", Level.COUNTY, 2020, "64", 100);
            List<String> kinds = flagged.stream().filter(o -> o.regionCode().equals("640121")).map(Analyses.Outlier::kind).toList();
            assertTrue(kinds.containsAll(List.of("siblings", "jump")), flagged.toString());
            Analyses.Outlier o = flagged.stream().filter(x -> x.regionCode().equals("640121")).findFirst().orElseThrow();
            assertTrue(o.score() > 3.5 && o.value() > o.reference());
            assertFalse(w.values("social_worker_density", Level.COUNTY, 2020, "6401").isEmpty(), "flagged, not dropped");
            assertTrue(w.outliers(null, Level.COUNTY, 2019, "64", 100).stream().noneMatch(x -> x.regionCode().equals("640121")
                    && x.indicator().equals("social_worker_density")), "2019 is ordinary");
        }
    }
}
