package grassroots.etl;

import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.WarehouseDir;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * New or resubmitted returns rebuild only the province-years they touch; the rest of the warehouse is taken over as
 * it was, and the result equals a full run on the same files.
 */
class IncrementalTest extends SparkTest {

    @Test
    void onlyTouchedProvinceYearsAreRebuiltAndTheResultEqualsAFullRun() throws Exception {
        Path returns = tmp.resolve("returns");
        // two provinces: a year's township sums rewritten for one of them must keep the other's
        new SampleGenerator(RegionHierarchy.standard(), catalog).generate(new SampleGenerator.Options(
                returns, List.of("63", "64"), 2019, 2020, 5, SampleGenerator.Headers.ID));
        Path warehouse = tmp.resolve("wh");
        RunReport first = etl(returns, warehouse);
        assertEquals("full", first.mode);

        RunReport again = etl(returns, warehouse);
        assertEquals("incremental", again.mode);
        assertEquals(List.of(), again.rebuilt, "nothing changed, nothing rebuilt");
        assertEquals("updated: JC-1 unchanged; JC-2 unchanged", again.marts);
        assertTrue(again.reusedPartitions >= 4);
        assertSameWarehouse(warehouse, returns, "unchanged");

        // a bureau resubmits two of its 2020 units
        Path file2020 = returns.resolve("JC-1/64/JC-1_64_2020.csv");
        List<String> lines = Files.readAllLines(file2020);
        String[] unit = lines.get(1).split(",", -1);
        unit[4] = String.valueOf(Integer.parseInt(unit[4]) + 11);
        unit[20] = "2";
        Path resubmission = returns.resolve("JC-1/64/JC-1_64_2020_修订.csv");
        Files.writeString(resubmission, lines.get(0) + "\n" + String.join(",", unit) + "\n");
        RunReport resubmitted = etl(returns, warehouse);
        assertEquals("incremental", resubmitted.mode);
        assertEquals(List.of("JC-1 2020_64"), resubmitted.rebuilt);
        assertEquals(1, resubmitted.supersededRows);
        assertEquals("updated: JC-1 2020; JC-2 unchanged", resubmitted.marts, "only 2020 rolled up again");
        assertEquals(first.inputRows + 1, resubmitted.inputRows);
        assertSameWarehouse(warehouse, returns, "resubmitted");
        // the marts summed only the rebuilt province-year; the other township sums are the previous snapshot's files
        WarehouseDir dir = new WarehouseDir(warehouse);
        grassroots.warehouse.forms.Form jc1 = catalog.forms().stream().filter(f -> f.id().equals("JC-1")).findFirst().orElseThrow();
        Path before = dir.snapshot(again.snapshot).townshipSums(jc1), now = dir.snapshot(resubmitted.snapshot).townshipSums(jc1);
        assertEquals(fileKeys(before.resolve("year=2019")), fileKeys(now.resolve("year=2019")), "2019 taken over");
        assertNotEquals(fileKeys(before.resolve("year=2020")), fileKeys(now.resolve("year=2020")), "2020 written anew");

        // a changed file (a later copy of the 2019 township returns)
        Path jc2 = returns.resolve("JC-2/64/JC-2_64_2019.csv");
        List<String> townships = Files.readAllLines(jc2);
        Files.write(jc2, townships.subList(0, townships.size() - 1));
        Files.setLastModifiedTime(jc2, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        RunReport changed = etl(returns, warehouse);
        assertEquals(List.of("JC-2 2019_64"), changed.rebuilt);
        assertEquals("updated: JC-1 unchanged; JC-2 2019", changed.marts);
        assertSameWarehouse(warehouse, returns, "changed");
    }

    /** The identities (inodes) of a directory's Parquet files: equal when one directory's files are links of the other's. */
    static java.util.Set<Object> fileKeys(Path dir) throws Exception {
        java.util.Set<Object> keys = new java.util.HashSet<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                keys.add(Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            }
        }
        assertFalse(keys.isEmpty(), "no township sums in " + dir);
        return keys;
    }

    /** The warehouse equals one built from scratch on the same returns. */
    static void assertSameWarehouse(Path warehouse, Path returns, String step) throws Exception {
        WarehouseContent.assertEqualsFullRun(spark(), catalog, warehouse, returns, tmp.resolve("scratch-" + step));
    }

    /** A copy of the returns with their modification times (the incremental plan compares them). */
    static void copyTree(Path from, Path to) throws Exception {
        org.apache.commons.io.file.PathUtils.copyDirectory(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
}
