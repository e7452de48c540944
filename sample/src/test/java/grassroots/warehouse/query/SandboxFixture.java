package grassroots.warehouse.query;

import grassroots.warehouse.SnapshotFixture;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleGenerator;
import grassroots.warehouse.store.Snapshot;
import org.apache.commons.io.FileUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One small real snapshot (Ningxia, 2020) shared by the workbench's sandbox tests, built once per test JVM. One unit's
 * name is a spreadsheet formula, as a hostile return could carry.
 */
final class SandboxFixture {
    static final String FORMULA_NAME = "=HYPERLINK(\"http://x\",\"y\")";

    private static Snapshot snapshot;

    private SandboxFixture() {}

    static synchronized Snapshot snapshot() {
        if (snapshot != null) return snapshot;
        try {
            Path dir = Files.createTempDirectory("grassroots-sandbox");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            new SampleGenerator(RegionHierarchy.standard(), Catalog.standard()).generate(new SampleGenerator.Options(
                    dir.resolve("returns"), List.of("64"), 2020, 2020, 1, SampleGenerator.Headers.ID));
            Path jc1 = dir.resolve("returns/JC-1/64/JC-1_64_2020.csv");
            List<String> lines = new ArrayList<>(Files.readAllLines(jc1, StandardCharsets.UTF_8));
            String[] first = lines.get(1).split(",", 3); // unit_code, unit_name, the rest
            lines.set(1, first[0] + ",\"" + FORMULA_NAME.replace("\"", "\"\"") + "\"," + first[2]);
            Files.write(jc1, lines, StandardCharsets.UTF_8);
            snapshot = SnapshotFixture.fromReturns(dir.resolve("returns"), dir.resolve("wh")).requireCurrent();
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blocks of a test resource, separated by lines "-- next". */
    static List<String> blocks(String resource) {
        try (InputStream in = SandboxFixture.class.getResourceAsStream(resource)) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Stream.of(all.split("\n-- next\n")).map(String::strip).filter(b -> !b.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under a directory, with its size, to show that nothing was written there. */
    static List<String> listing(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? " " + p.toFile().length() : "/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        FileUtils.deleteQuietly(dir.toFile()); // a temporary directory left behind is harmless
    }
}
