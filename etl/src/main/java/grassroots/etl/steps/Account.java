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
            for (Form form : run.catalog.forms()) count(db, run.snapshot, form, run.byFile, report);
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

    private static void count(DuckDBConnection db, Snapshot snapshot, Form form, Map<String, FileReport> byFile, RunReport report) {
        Path staging = snapshot.staged(form);
        if (!Snapshot.hasParquet(staging)) return;
        String staged = "read_parquet(" + Duck.literal(Snapshot.parquetGlob(staging))
                + ", hive_partitioning = true, hive_types = {'part': VARCHAR})";
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
        Path quarantine = snapshot.quarantine().resolve(form.table()), warnings = snapshot.warnings().resolve(form.table());
        if (Snapshot.hasParquet(snapshot.facts(form))) {
            countBy(db, "SELECT source_file, count(*) FROM " + Snapshot.readFacts(snapshot.facts(form)) + " GROUP BY ALL", counts, 1);
        }
        if (Snapshot.hasParquet(quarantine)) {
            String q = "read_parquet(" + Duck.literal(Snapshot.parquetGlob(quarantine)) + ")";
            countBy(db, "SELECT source_file, count(DISTINCT source_row) FROM " + q + " GROUP BY ALL", counts, 2);
            Duck.each(db, "SELECT rule, count(*) FROM " + q + " GROUP BY ALL ORDER BY 2 DESC",
                    r -> report.quarantineByRule.merge(r.getString(1), r.getLong(2), Long::sum));
        }
        if (Snapshot.hasParquet(snapshot.history(form))) {
            countBy(db, "SELECT source_file, count(*) FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(snapshot.history(form)))
                    + ") GROUP BY ALL", counts, 3);
        }
        if (Snapshot.hasParquet(warnings)) {
            Duck.each(db, "SELECT rule, count(*) FROM read_parquet(" + Duck.literal(Snapshot.parquetGlob(warnings)) + ") GROUP BY ALL", r -> {
                report.warningsByRule.merge(r.getString(1), r.getLong(2), Long::sum);
                report.warnings += r.getLong(2);
            });
        }
        Map<String, List<String>> parts = new HashMap<>();
        Duck.each(db, "SELECT DISTINCT source_file, part FROM " + staged,
                r -> parts.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2)));
        parts.forEach((file, p) -> {
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
