package grassroots.etl.steps;

import grassroots.warehouse.store.SnapshotFiles;
import grassroots.etl.RunReport.FileReport;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Snapshot;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.*;

/**
 * Step 3, per form: reads and checks its files ({@link CheckedRows}) and stages every row read, with its problems, in
 * the snapshot by province-year. With a previous run to build on, only new or changed files are read: the
 * province-years they touch (now or before) are restaged from those files and the unchanged files' earlier staged rows,
 * and every other province-year is taken over from the previous snapshot as it is (hard links).
 */
public final class ReadAndCheck {
    private ReadAndCheck() {}

    /** Stages the form's rows; returns the province-years to rebuild, or null for all of them. */
    public static Set<String> run(EtlRun run, Form form, List<ReturnFile> files) {
        Path staged = run.snapshot.staged(form);
        if (!run.incremental()) {
            stagedWriter(CheckedRows.of(run.spark(), form, files, run.limits), SaveMode.Overwrite).parquet(staged.toString());
            run.report.rebuilt.add(form.id() + " (all)");
            run.rebuilt.put(form.id(), null);
            return null;
        }
        Snapshot before = run.before;
        Map<String, FileReport> earlier = new HashMap<>();
        for (FileReport f : run.previous.files) if (form.id().equals(f.form)) earlier.put(f.file, f);
        // resubmissions come as new or changed files: the same size and time is the file the previous run read
        List<ReturnFile> changed = files.stream().filter(f -> !run.byFile.get(f.name()).sameFile(earlier.get(f.name()))).toList();
        Set<String> present = new HashSet<>();
        files.forEach(f -> present.add(f.name()));
        Set<String> replaced = new HashSet<>();
        changed.forEach(f -> replaced.add(f.name()));
        earlier.keySet().stream().filter(f -> !present.contains(f)).forEach(replaced::add);

        // the province-years whose earlier staged rows change: those a changed or removed file fed
        Set<String> rewritten = new TreeSet<>();
        replaced.forEach(f -> {
            if (earlier.containsKey(f) && earlier.get(f).partitions != null) rewritten.addAll(earlier.get(f).partitions);
        });
        Set<String> touched = new TreeSet<>(rewritten);
        Path fresh = run.snapshot.dir().resolve("_fresh").resolve(form.table());
        if (!changed.isEmpty()) {
            stagedWriter(CheckedRows.of(run.spark(), form, changed, run.limits), SaveMode.Overwrite).parquet(fresh.toString());
            touched.addAll(SnapshotFiles.partitionsOf(fresh));
        }
        Snapshot now = run.snapshot;
        SnapshotFiles.linkPartitions(before.staged(form), staged, rewritten);
        SnapshotFiles.linkPartitions(before.facts(form), now.facts(form), touched);
        SnapshotFiles.linkPartitions(before.history(form), now.history(form), touched);
        SnapshotFiles.linkPartitions(before.quarantine().resolve(form.table()), now.quarantine().resolve(form.table()), touched);
        SnapshotFiles.linkPartitions(before.warnings().resolve(form.table()), now.warnings().resolve(form.table()), touched);
        // New files (a web submission always is one) only add rows: their staged files join the earlier ones as they
        // are. Only where an earlier file changed or went are the staged rows written anew.
        Set<String> added = new TreeSet<>(touched);
        added.removeAll(rewritten);
        SnapshotFiles.movePartitions(fresh, staged, added);
        Dataset<Row> rows = rewritten.isEmpty() ? null : StagedParts.read(run.spark(), before.staged(form), rewritten);
        if (rows != null) rows = rows.filter(not(col("source_file").isin(replaced.toArray())));
        Dataset<Row> freshRows = rewritten.isEmpty() ? null : StagedParts.read(run.spark(), fresh, rewritten);
        if (freshRows != null) rows = rows == null ? freshRows : rows.unionByName(freshRows);
        if (rows != null) stagedWriter(rows, SaveMode.Append).parquet(staged.toString());
        touched.forEach(p -> run.report.rebuilt.add(form.id() + " " + p));
        run.rebuilt.put(form.id(), touched);
        run.report.reusedPartitions += (int) SnapshotFiles.partitionsOf(before.staged(form)).stream().filter(p -> !touched.contains(p)).count();
        return touched;
    }

    /**
     * How staged rows are written: by province-year, without dictionary encoding. Staged rows are read back whole
     * by this job only, and most of their columns (codes, names, files) are nearly unique, so building dictionaries
     * only to drop them cost a third of the write. Parquet's version 2 pages: without dictionaries, version 1 writes
     * every number plain, four bytes at a time (9 % of the national load's samples), where version 2 packs them as
     * deltas (two national ETLs side by side, twice: 3 % less time in the load, 2–4 % less CPU, 217 → 189 MB staged).
     * DuckDB (the split) and Spark (an incremental run's restaging) read both versions. No statistics: their readers
     * read every row of a province-year, so the minima, maxima and sizes Parquet keeps of each value (comparing every
     * string twice) served no one (national ETLs interleaved, twice each: 220.3 → 210.2 s, 382 → 363 s of CPU).
     * Zstandard at its fastest level: staged rows live as long as three snapshots, and level 1 compresses these pages
     * about a third faster than the default 3 for a few per cent more bytes.
     */
    private static DataFrameWriter<Row> stagedWriter(Dataset<Row> rows, SaveMode mode) {
        return rows.write().mode(mode).partitionBy("part").option("parquet.enable.dictionary", "false")
                .option("parquet.compression.codec.zstd.level", "1")
                .option("parquet.writer.version", "PARQUET_2_0")
                .option("parquet.column.statistics.enabled", "false").option("parquet.size.statistics.enabled", "false");
    }
}
