package grassroots.warehouse.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A snapshot's files by province-year: what an incremental run takes over from the previous snapshot (hard links, so
 * nothing is copied and the previous snapshot stays as it was).
 */
public final class SnapshotFiles {
    private SnapshotFiles() {}

    /** The partitions in a directory: "part=2020_32" or "year=2020/province=32" both give "2020_32". */
    public static Set<String> partitionsOf(Path dir) {
        Set<String> parts = new TreeSet<>();
        if (!Files.isDirectory(dir)) return parts;
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".parquet")).forEach(p -> parts.add(partOf(dir.relativize(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    /** The partition of a file: "2020_32" under part=2020_32/ or year=2020/province=32/, "2020" under year=2020/ alone. */
    public static String partOf(Path relative) {
        String year = null, province = null;
        for (Path segment : relative) {
            String name = segment.toString();
            if (name.startsWith("part=")) return name.substring(5);
            if (name.startsWith("year=")) year = name.substring(5);
            if (name.startsWith("province=")) province = name.substring(9);
        }
        if (year != null && province == null && !year.startsWith("__HIVE")) return year;
        return (year == null || year.startsWith("__HIVE") ? "unknown" : year) + "_" + (province == null ? "__" : province);
    }

    /**
     * Where a province-year's ("2020_32") files are in a directory written by province-year: {@code part=2020_32/},
     * or {@code year=2020/province=32/} for the facts.
     */
    public static Path partDir(Path dir, String part, boolean byYearAndProvince) {
        if (!byYearAndProvince) return dir.resolve("part=" + part);
        int cut = part.indexOf('_');
        return dir.resolve("year=" + part.substring(0, cut)).resolve("province=" + part.substring(cut + 1));
    }

    /** The directories of those of {@code parts} that have one, in the parts' order. */
    public static java.util.List<Path> partDirs(Path dir, java.util.Collection<String> parts, boolean byYearAndProvince) {
        return parts.stream().map(p -> partDir(dir, p, byYearAndProvince)).filter(Files::isDirectory).toList();
    }

    /** The year of a province-year ("2020_32" → 2020). */
    public static int yearOf(String part) {
        return Integer.parseInt(part.substring(0, part.indexOf('_')));
    }

    public static void link(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.createLink(to, from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over " + from, e);
        }
    }

    /** Moves the data files of the partitions in {@code parts} ("part=2020_32/") from one directory to another. */
    public static void movePartitions(Path from, Path to, Set<String> parts) {
        for (String part : parts) {
            Path dir = partDir(from, part, false);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                Path target = Files.createDirectories(partDir(to, part, false));
                for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".parquet")).toList()) {
                    Files.move(p, target.resolve(p.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the partition " + part + " of " + from, e);
            }
        }
    }

    /** Hard-links the data files of the partitions not in {@code except} from one snapshot's directory to another's. */
    public static void linkPartitions(Path from, Path to, Set<String> except) {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".parquet")).toList()) {
                Path rel = from.relativize(p);
                if (except.contains(partOf(rel))) continue;
                Path target = to.resolve(rel.toString());
                Files.createDirectories(target.getParent());
                Files.createLink(target, p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over " + from, e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
