package grassroots.etl.steps;

import grassroots.etl.Schemas;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.SnapshotFiles;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Splits the staged rows of province-years, one after the other, with an in-process DuckDB on the executor that runs
 * the task: the rows with problems → quarantine (one row per problem, the record as typed), loaded rows with warnings →
 * warnings, and of the accepted rows the latest revision of each (region, year) → facts (sorted by region code), the
 * earlier ones → history. A province-year is a few thousand to a few tens of thousands of rows: DuckDB splits one in
 * milliseconds, where Spark paid a job and a full scan of every staged row for each of the four outputs.
 *
 * <p>Each output of a province-year is one file with a fixed name, written beside it and renamed into place, so a
 * retried task replaces what a failed attempt wrote and readers never see half a file.
 */
final class PartSplit implements Serializable {
    private final Form form;
    private final String staged, facts, history, quarantine, warnings;
    /** The DuckDB types of a staged row's problems and warnings (JSON arrays, {@link Schemas#STAGED_FORMAT}). */
    private static final String PROBLEMS = Duck.literal(Schemas.duckListOf(Schemas.PROBLEM)),
            WARNINGS = Duck.literal(Schemas.duckListOf(Schemas.WARNING));
    /** The staged rows to split: not a broken file's marker, nor a row of a broken file. */
    private final String loaded;

    PartSplit(Form form, Path staged, Path facts, Path history, Path quarantine, Path warnings, List<String> brokenFiles) {
        this.form = form;
        this.staged = staged.toString();
        this.facts = facts.toString();
        this.history = history.toString();
        this.quarantine = quarantine.toString();
        this.warnings = warnings.toString();
        this.loaded = "file_problem_en IS NULL" + (brokenFiles.isEmpty() ? "" : " AND source_file NOT IN ("
                + brokenFiles.stream().map(Duck::literal).collect(Collectors.joining(", ")) + ")");
    }

    /** Splits the province-years of one task; returns how many staged rows (of files not broken) it split. */
    Iterator<Long> run(Iterator<String> parts) {
        long rows = 0;
        try (Connection c = Duck.open()) {
            // Spark runs a task per core: one thread each, and a bounded memory (a province-year fits many times over)
            Duck.exec(c, "SET threads = 1");
            Duck.exec(c, "SET memory_limit = '512MB'");
            Duck.exec(c, "SET temp_directory = " + Duck.literal(System.getProperty("java.io.tmpdir") + "/grassroots-duck"));
            List<String> mine = new ArrayList<>();
            parts.forEachRemaining(mine::add);
            Map<String, long[]> counts = counts(c, mine);
            for (String part : mine) rows += split(c, part, counts.getOrDefault(part, new long[5]));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot split the staged rows: " + Duck.message(e), e);
        }
        return List.of(rows).iterator();
    }

    /** Splits one province-year, whose {@link #counts} are {@code n}. */
    private long split(Connection c, String part, long[] n) {
        Path dir = SnapshotFiles.partDir(Path.of(staged), part, false);
        String rows = "(SELECT * FROM read_parquet(" + Duck.literal(dir.toAbsolutePath() + "/*.parquet")
                + ", hive_partitioning = false) WHERE " + loaded + ")";
        // Where every row is accepted once (nearly every province-year), the facts are written straight from the
        // staged file; else its rows are read once into a table that each output reads (national split: ≈ 25 % less).
        String s = rows;
        if (n[1] > 0 || n[2] > 0 || n[3] != n[4]) {
            Duck.exec(c, "CREATE OR REPLACE TEMP TABLE s AS SELECT * FROM " + rows);
            s = "s";
        }
        String region = form.regionField();
        if (n[1] > 0) {
            write(c, SnapshotFiles.partDir(Path.of(quarantine), part, false), part,
                    "SELECT " + Duck.literal(form.id()) + " AS form, source_file, source_row, " + region + " AS region_code, year, "
                            + "p.field AS field, p.rule AS rule, p.value AS value, p.message_zh AS message_zh, "
                            + "p.message_en AS message_en, coalesce(raw::JSON, to_json(" + typedRecord() + ")) AS record "
                            + "FROM (SELECT *, unnest(from_json(problems, " + PROBLEMS + ")) AS p FROM " + s
                            + " WHERE problems IS NOT NULL) ORDER BY source_file, source_row");
        }
        if (n[2] > 0) {
            write(c, SnapshotFiles.partDir(Path.of(warnings), part, false), part,
                    "SELECT " + Duck.literal(form.id()) + " AS form, source_file, source_row, " + region + " AS region_code, year, "
                            + "w.field AS field, w.rule AS rule, w.value AS value, w.expected AS expected, "
                            + "w.message_zh AS message_zh, w.message_en AS message_en "
                            + "FROM (SELECT *, unnest(from_json(warnings, " + WARNINGS + ")) AS w FROM " + s
                            + " WHERE problems IS NULL AND warnings IS NOT NULL) "
                            + "ORDER BY source_file, source_row");
        }
        if (n[3] == 0) return n[0];
        if (part.startsWith("unknown") || part.endsWith("__")) {
            // cannot happen while the year and the region code are required fields: accepted rows have both
            throw new IllegalStateException(form.id() + ": accepted rows without a year or region code in " + part);
        }
        String factFields = form.fields().stream().map(Field::id).filter(f -> !f.equals("year")).collect(Collectors.joining(", "));
        Path factsDir = SnapshotFiles.partDir(Path.of(facts), part, true);
        if (n[3] == n[4]) {
            // one accepted row per (region, year), as in nearly every province-year: they are the facts, no revision
            // to choose (the window below cost more than all else for a small province-year)
            write(c, factsDir, part, "SELECT " + factFields + ", source_file, source_row, submitted_at FROM " + s + " "
                    + "WHERE problems IS NULL ORDER BY " + region);
            return n[0];
        }
        // The latest revision of a (region, year) wins: by the form's revision fields where a return has them
        // (revision number, submission date), then the later submitted file, then the later file name and row.
        List<String> order = new ArrayList<>();
        for (String f : form.revisionOrder()) order.add(f + " DESC NULLS LAST");
        order.addAll(List.of("submitted_at DESC NULLS LAST", "source_file DESC NULLS LAST", "source_row DESC NULLS LAST"));
        String latestFirst = "(PARTITION BY " + region + ", year ORDER BY " + String.join(", ", order) + ")";
        Duck.exec(c, "CREATE OR REPLACE TEMP TABLE a AS SELECT *, row_number() OVER " + latestFirst + " AS _revision, "
                + "first_value(source_file) OVER " + latestFirst + " AS superseded_by_file, "
                + "first_value(source_row) OVER " + latestFirst + " AS superseded_by_row FROM " + s + " WHERE problems IS NULL");
        write(c, factsDir, part, "SELECT " + factFields + ", source_file, source_row, submitted_at FROM a WHERE _revision = 1 ORDER BY " + region);
        String fields = form.fields().stream().map(Field::id).collect(Collectors.joining(", "));
        write(c, SnapshotFiles.partDir(Path.of(history), part, false), part,
                "SELECT " + fields + ", source_file, source_row, submitted_at, superseded_by_file, superseded_by_row "
                        + "FROM a WHERE _revision > 1 ORDER BY " + region + ", source_file, source_row");
        return n[0];
    }

    /**
     * Per province-year of {@code parts}: {rows, problems, warnings of loaded rows, accepted rows, distinct accepted
     * (region, year)}. One query for all of a task's province-years: a query has a fixed cost of some milliseconds, as
     * much as counting a small form's province-year.
     */
    private Map<String, long[]> counts(Connection c, List<String> parts) throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        // by the name of each file's directory, as written (part=…): a part's name may hold characters the directory's
        // name escapes, which a reading of the path as hive partitions would decode
        Map<String, String> partOfDir = new HashMap<>();
        List<String> globs = new ArrayList<>();
        for (String part : parts) {
            Path dir = SnapshotFiles.partDir(Path.of(staged), part, false);
            if (!Files.isDirectory(dir)) continue;
            partOfDir.put(dir.getFileName().toString(), part);
            globs.add(Duck.literal(dir.toAbsolutePath() + "/*.parquet"));
        }
        if (globs.isEmpty()) return counts;
        String region = form.regionField();
        String files = String.join(", ", globs);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT regexp_extract(filename, '([^/]+)/[^/]+$', 1) AS dir, count(*), "
                + "coalesce(sum(json_array_length(problems)), 0), coalesce(sum(json_array_length(warnings)) FILTER (problems IS NULL), 0), "
                + "count(*) FILTER (problems IS NULL), count(DISTINCT (" + region + ", year)) FILTER (problems IS NULL) "
                + "FROM read_parquet([" + files + "], hive_partitioning = false, filename = true) "
                + "WHERE " + loaded + " GROUP BY dir")) {
            while (r.next()) {
                counts.put(partOfDir.get(r.getString(1)), new long[]{r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)});
            }
        }
        return counts;
    }

    /** The record of a row whose cells all read (a rule or the region code failed), from its typed values. */
    private String typedRecord() {
        return "MAP {" + form.fields().stream().map(f -> Duck.literal(f.id()) + ": CAST(" + f.id() + " AS VARCHAR)")
                .collect(Collectors.joining(", ")) + "}";
    }

    /** Writes the query's rows as the province-year's one file in {@code dir}: beside it first, then renamed into place. */
    private static void write(Connection c, Path dir, String part, String select) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(part + ".parquet"), partial = dir.resolve(part + ".parquet.partial");
            Duck.exec(c, "COPY (" + select + ") TO " + Duck.literal(partial.toAbsolutePath()) + " (FORMAT parquet)");
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }
}
