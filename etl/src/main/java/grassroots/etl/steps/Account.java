package grassroots.etl.steps;

import grassroots.etl.RunReport;
import grassroots.etl.RunReport.FileReport;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 5: counts what each file became, from what was written, and checks that every row is accounted for
 * (input = loaded + quarantined + superseded, per file), or the run fails. The counts are read from the Parquet files
 * by DuckDB on the driver: a few group-bys over narrow columns, in a second or two.
 */
public final class Account {
    private Account() {}

    public static void run(EtlRun run) {
        RunReport report = run.report;
        run.progress.begin("account", "行数核对 / row accounting");
        try (DuckDBConnection db = Duck.open()) {
            for (Form form : run.catalog.forms()) {
                java.util.Set<String> parts = run.incremental() ? recount(run, form) : null;
                count(db, run.snapshot, form, run.byFile, report, parts);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        for (FileReport fr : report.files) {
            report.inputRows += fr.inputRows;
            report.loadedRows += fr.loadedRows;
            report.quarantinedRows += fr.quarantinedRows;
            report.supersededRows += fr.supersededRows;
            if (!fr.adds()) {
                throw new IllegalStateException(String.format("行数不平 / rows do not add up for %s: input %d ≠ loaded %d + "
                        + "quarantined %d + superseded %d", fr.file, fr.inputRows, fr.loadedRows, fr.quarantinedRows, fr.supersededRows));
            }
        }
        run.progress.end(String.format("input %,d = loaded %,d + quarantined %,d + superseded %,d",
                report.inputRows, report.loadedRows, report.quarantinedRows, report.supersededRows));
        if (report.loadedRows == 0) throw new IllegalStateException("no row could be loaded; nothing to publish");
    }

    /**
     * An incremental run counts again only the files of the province-years it rebuilt (and every province-year of
     * those files); the others' counts are the previous run's, as their rows are. Returns the province-years to count
     * (null: all, when the form was rebuilt whole).
     */
    private static java.util.Set<String> recount(EtlRun run, Form form) {
        java.util.Set<String> touched = run.rebuilt.get(form.id());
        if (touched == null) return null;
        Map<String, FileReport> before = new HashMap<>();
        for (FileReport f : run.previous.files) if (form.id().equals(f.form)) before.put(f.file, f);
        java.util.Set<String> parts = new java.util.TreeSet<>(touched);
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (boolean grew = true; grew; ) { // a file may span several province-years: all of them are counted
            grew = false;
            for (FileReport f : run.report.files) {
                if (!form.id().equals(f.form) || counted.contains(f.file)) continue;
                FileReport b = before.get(f.file);
                boolean again = b == null || !b.sameFile(f) || b.partitions == null
                        || b.partitions.stream().anyMatch(parts::contains);
                if (!again) continue;
                counted.add(f.file);
                if (b != null && b.partitions != null && parts.addAll(b.partitions)) grew = true;
            }
        }
        for (FileReport f : run.report.files) {
            FileReport b = before.get(f.file);
            if (!form.id().equals(f.form) || counted.contains(f.file) || b == null) continue;
            f.inputRows = b.inputRows;
            f.loadedRows = b.loadedRows;
            f.quarantinedRows = b.quarantinedRows;
            f.supersededRows = b.supersededRows;
            f.partitions = b.partitions;
            if (b.problemEn != null && f.problemEn == null) {
                f.problemZh = b.problemZh;
                f.problemEn = b.problemEn;
                run.report.brokenFiles++;
            }
        }
        return parts;
    }

    /** A DuckDB read of the province-years {@code parts} (null: all) of a directory written by them. */
    private static String read(Path dir, java.util.Set<String> parts, boolean byYearAndProvince, String types) {
        if (parts == null) return "read_parquet(" + Duck.literal(Snapshot.parquetGlob(dir)) + ", hive_partitioning = true" + types + ")";
        List<String> globs = grassroots.warehouse.store.SnapshotFiles.partDirs(dir, parts, byYearAndProvince).stream()
                .map(p -> Duck.literal(p + "/*.parquet")).toList();
        if (globs.isEmpty()) return null;
        return "read_parquet([" + String.join(", ", globs) + "], hive_partitioning = true" + types + ")";
    }

    private static void count(DuckDBConnection db, Snapshot snapshot, Form form, Map<String, FileReport> byFile, RunReport report,
                              java.util.Set<String> parts) {
        Path staging = snapshot.staged(form);
        if (!Snapshot.hasParquet(staging)) return;
        Path quarantine = snapshot.quarantine().resolve(form.table()), warnings = snapshot.warnings().resolve(form.table());
        // the rules' totals are read whole (rejections and warnings are few); the rows per file only where counted
        if (Snapshot.hasParquet(quarantine)) {
            Duck.each(db, "SELECT rule, count(*) FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(quarantine)) + ") GROUP BY ALL ORDER BY 2 DESC",
                    r -> report.quarantineByRule.merge(r.getString(1), r.getLong(2), Long::sum));
        }
        if (Snapshot.hasParquet(warnings)) {
            Duck.each(db, "SELECT rule, count(*) FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(warnings)) + ") GROUP BY ALL", r -> {
                report.warningsByRule.merge(r.getString(1), r.getLong(2), Long::sum);
                report.warnings += r.getLong(2);
            });
        }
        String staged = read(staging, parts, false, ", hive_types = {'part': VARCHAR}");
        if (staged == null) return;
        Map<String, long[]> counts = new HashMap<>();
        // files found broken while read: reported whole, none of their rows counted
        Duck.each(db, "SELECT source_file, any_value(file_problem_zh), any_value(file_problem_en) FROM " + staged
                + " WHERE file_problem_en IS NOT NULL GROUP BY source_file", r -> {
            FileReport fr = byFile.get(r.getString(1));
            fr.problemZh = r.getString(2);
            fr.problemEn = r.getString(3);
            report.brokenFiles++;
        });
        // the rows of a file found broken while read (before its marker) are not counted: it is rejected whole
        countBy(db, "SELECT source_file, count(*) FROM " + staged + " WHERE source_file NOT IN (SELECT source_file FROM "
                + staged + " WHERE file_problem_en IS NOT NULL) GROUP BY ALL", counts, 0);
        String facts = Snapshot.hasParquet(snapshot.facts(form)) ? read(snapshot.facts(form), parts, true,
                ", hive_types = {'year': INTEGER, 'province': VARCHAR}") : null;
        if (facts != null) countBy(db, "SELECT source_file, count(*) FROM " + facts + " GROUP BY ALL", counts, 1);
        String rejected = Snapshot.hasParquet(quarantine) ? read(quarantine, parts, false, "") : null;
        if (rejected != null) countBy(db, "SELECT source_file, count(DISTINCT source_row) FROM " + rejected + " GROUP BY ALL", counts, 2);
        String history = Snapshot.hasParquet(snapshot.history(form)) ? read(snapshot.history(form), parts, false, "") : null;
        if (history != null) countBy(db, "SELECT source_file, count(*) FROM " + history + " GROUP BY ALL", counts, 3);
        Map<String, List<String>> partsOf = new HashMap<>();
        Duck.each(db, "SELECT DISTINCT source_file, part FROM " + staged,
                r -> partsOf.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2)));
        partsOf.forEach((file, p) -> {
            FileReport fr = byFile.get(file);
            if (fr != null) fr.partitions = p.stream().sorted().toList();
        });
        counts.forEach((file, c) -> {
            FileReport fr = byFile.get(file);
            if (fr == null) throw new IllegalStateException("rows from a file that was not inspected: " + file);
            fr.inputRows = c[0];
            fr.loadedRows = c[1];
            fr.quarantinedRows = c[2];
            fr.supersededRows = c[3];
        });
    }

    private static void countBy(DuckDBConnection db, String sql, Map<String, long[]> counts, int slot) {
        Duck.each(db, sql, r -> counts.computeIfAbsent(r.getString(1), k -> new long[4])[slot] = r.getLong(2));
    }
}
