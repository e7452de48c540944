package grassroots.etl.steps;

import grassroots.warehouse.forms.Form;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotFiles;
import org.apache.spark.api.java.JavaSparkContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Step 4, per form: splits the staged rows of the province-years to rebuild into the quarantine (one row per problem,
 * the record kept as typed), warnings (one per warning; the row is loaded all the same), and of the accepted rows the
 * latest revision of each (region, year) → facts by year and province, earlier revisions → history. Spark distributes
 * the province-years over its executors; each is split there by DuckDB ({@link PartSplit}).
 */
public final class SplitRevisions {
    private SplitRevisions() {}

    /** Splits the province-years in {@code touched} (null: all); returns the staged rows it split. */
    public static long run(EtlRun run, Form form, Set<String> touched) {
        Snapshot snapshot = run.snapshot;
        Path staged = snapshot.staged(form);
        // the province-years to rebuild that have rows left (a removed file's may have none)
        List<String> work = new ArrayList<>(touched == null ? SnapshotFiles.partitionsOf(staged) : new TreeSet<>(touched));
        work.removeIf(p -> !Files.isDirectory(SnapshotFiles.partDir(staged, p, false)));
        if (work.isEmpty()) return 0;
        PartSplit split = new PartSplit(form, staged, snapshot.facts(form), snapshot.history(form),
                snapshot.quarantine().resolve(form.table()), snapshot.warnings().resolve(form.table()),
                brokenFiles(SnapshotFiles.partDirs(staged, work, false)));
        // shuffled, so that each task gets a like share of large and small provinces
        Collections.shuffle(work, new java.util.Random(work.size()));
        int tasks = Math.min(work.size(), 4 * run.spark().sparkContext().defaultParallelism());
        return JavaSparkContext.fromSparkContext(run.spark().sparkContext()).parallelize(work, tasks)
                .mapPartitions(split::run).collect().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The files found broken while read (their one marker row says why): none of their rows is loaded, so that a file
     * is loaded whole or not at all. Broken files are few; DuckDB reads only the column of the markers' reasons.
     */
    private static List<String> brokenFiles(List<Path> dirs) {
        List<String> globs = dirs.stream().map(d -> Duck.literal(d.toAbsolutePath() + "/*.parquet")).toList();
        List<String> broken = new ArrayList<>();
        try (Connection c = Duck.open()) {
            Duck.each(c, "SELECT DISTINCT source_file FROM read_parquet([" + String.join(", ", globs) + "], hive_partitioning = false) "
                    + "WHERE file_problem_en IS NOT NULL ORDER BY 1", r -> broken.add(r.getString(1)));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the staged rows: " + Duck.message(e), e);
        }
        return broken;
    }
}
