package grassroots.warehouse.store;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When the marts of a new snapshot can be the previous snapshot's with some years replaced, rather than built whole.
 * Every value of the marts belongs to one year, and a year's values depend only on that year's facts and the hierarchy;
 * so after an incremental run that rebuilt a few province-years, only those years are rolled up again, and of them only
 * the rows those province-years feed (the nation's, and the regions of the provinces whose township sums changed) are
 * written over the previous snapshot's copy. That is what lets a publication of
 * one province-year land in seconds at national scale. The outliers, which compare a year with the one before, are
 * recomputed whole. A full build happens whenever anything else changed: the marts' version (the catalog's sums and
 * ratios), a form rebuilt whole, a form's facts appearing or disappearing.
 */
final class MartUpdate {
    /** Bump when the marts' SQL changes in a way the catalog does not show: an update must not mix two versions. */
    static final String FORMAT = "marts-5";

    private MartUpdate() {}

    private static Path versionFile(Snapshot s) {
        return s.martsDatabase().resolveSibling("VERSION");
    }

    /**
     * The years to replace per form id (an empty set: the form is unchanged), or null when the marts must be built
     * whole.
     */
    static Map<String, Set<Integer>> years(Catalog catalog, String version, Snapshot snapshot, Snapshot previous,
                                           Map<String, Set<String>> touched) {
        if (previous == null || !Files.isRegularFile(previous.martsDatabase())) return null;
        try {
            if (!Files.isRegularFile(versionFile(previous)) || !version.equals(Files.readString(versionFile(previous)))) return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<Integer>> years = new HashMap<>();
        for (Form form : catalog.forms()) {
            boolean now = Snapshot.hasParquet(snapshot.facts(form)), before = Snapshot.hasParquet(previous.facts(form));
            if (now != before) return null;
            if (!now) continue;
            Set<String> parts = touched.get(form.id());
            if (parts == null || !Files.isRegularFile(previous.townshipSums(form).resolve("VERSION"))) return null;
            Set<Integer> y = new TreeSet<>();
            for (String part : parts) y.add(SnapshotFiles.yearOf(part));
            years.put(form.id(), y);
        }
        return years;
    }

    /** Makes the snapshot's marts directory: empty, or with a copy of {@code previous}'s database to update. */
    static void start(Snapshot snapshot, Snapshot previous) {
        try {
            Files.createDirectories(snapshot.martsDatabase().getParent());
            Files.deleteIfExists(snapshot.martsDatabase());
            // a copy, not a link: the previous snapshot stays as it was for its readers
            if (previous != null) Files.copy(previous.martsDatabase(), snapshot.martsDatabase());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes DuckDB's spill directory and records the version the marts were built with. */
    static void finish(Snapshot snapshot, String version) {
        try {
            Path spill = Path.of(snapshot.martsDatabase() + ".tmp");
            if (Files.isDirectory(spill)) PathUtils.deleteDirectory(spill);
            Files.writeString(versionFile(snapshot), version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "built whole", or "updated: JC-1 2020; JC-2 unchanged" (what a run report says of its marts). */
    static String describe(Map<String, Set<Integer>> years) {
        if (years == null) return "built whole";
        return "updated: " + new java.util.TreeMap<>(years).entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue().isEmpty() ? "unchanged" : e.getValue().stream().map(String::valueOf)
                        .collect(Collectors.joining(", "))))
                .collect(Collectors.joining("; "));
    }

    /**
     * The provinces whose township sums an update changes: those of the sums made now ({@code freshSums}, a table)
     * and those of the previous snapshot's sums of the same province-years. A return mapped onto today's regions
     * counts under the province it is mapped to, so this is not always the province of the file.
     */
    static Set<String> provincesSummed(org.duckdb.DuckDBConnection c, String freshSums, Path previousSums, Set<String> touched) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT province_code FROM " + freshSums);
        String kept = TownshipSums.readYears(previousSums, touched.stream().map(SnapshotFiles::yearOf).distinct().toList());
        if (kept != null) {
            sql.append(" UNION SELECT DISTINCT province_code FROM ").append(kept).append(" WHERE part IN (")
                    .append(touched.stream().map(Duck::literal).collect(Collectors.joining(", "))).append(")");
        }
        Set<String> provinces = new TreeSet<>();
        Duck.each(c, sql.toString(), r -> provinces.add(r.getString(1)));
        return provinces;
    }

    /**
     * The rows of a marts table an update replaces: in {@code years}, the nation's and those within {@code provinces}.
     * {@code byRegion}: the table has no {@code province_code}, its regions' are looked up in {@code region_index}.
     */
    static String scope(Set<Integer> years, Set<String> provinces, boolean byRegion) {
        String within = provinces.stream().filter(java.util.Objects::nonNull).map(Duck::literal).collect(Collectors.joining(", "));
        String inProvinces = byRegion ? "region_code IN (SELECT code FROM region_index WHERE province_code IN (" + within + "))"
                : "province_code IN (" + within + ")";
        return inYears(years) + " AND (level = " + Duck.literal(grassroots.warehouse.regions.Level.NATION.id())
                + (within.isEmpty() ? "" : " OR " + inProvinces) + ")";
    }

    /** The first year an update replaces: null for a full build, {@link Integer#MAX_VALUE} for an update that replaces none. */
    static Integer fromYear(Map<String, Set<Integer>> years) {
        if (years == null) return null;
        return years.values().stream().flatMap(Set::stream).min(Integer::compare).orElse(Integer.MAX_VALUE);
    }

    /** A SQL condition on a {@code year} column. */
    static String inYears(Set<Integer> years) {
        if (years.isEmpty()) return "false";
        return "year IN (" + years.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
