package grassroots.etl.steps;

import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.store.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.*;

/**
 * Step 4, per form: splits the staged rows of the province-years to rebuild into the quarantine (one row per problem,
 * the record kept as typed), warnings (one per warning; the row is loaded all the same), and of the accepted rows the
 * latest revision of each (region, year) → facts by year and province, earlier revisions → history.
 */
public final class SplitRevisions {
    private SplitRevisions() {}

    /** Splits the province-years in {@code touched} (null: all); returns the staged rows it split. */
    public static long run(EtlRun run, Form form, Set<String> touched) {
        Dataset<Row> read = StagedParts.read(run.spark, run.snapshot.staged(form), touched);
        if (read == null) return 0; // the province-years to rebuild have no rows left (their files were removed)
        // An incremental run's few province-years, or a small form (a township form: a few MB), are read once and
        // kept, not read again for each of the outputs below; a full run's every unit row is too much to keep.
        boolean keep = touched != null || bytesOf(run.snapshot.staged(form)) < KEEP_BYTES;
        if (keep) read = read.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return split(run, form, dataRows(read), touched != null);
        } finally {
            if (keep) read.unpersist();
        }
    }

    /** Staged rows under this size on disk are kept in memory while split. */
    private static final long KEEP_BYTES = 64L << 20;

    private static long bytesOf(java.nio.file.Path dir) {
        try {
            return org.apache.commons.io.file.PathUtils.sizeOfDirectory(dir);
        } catch (java.io.IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long split(EtlRun run, Form form, Dataset<Row> staged, boolean incremental) {
        Snapshot snapshot = run.snapshot;
        String regionField = form.regionField();

        List<Column> mapArgs = new ArrayList<>();
        for (Field f : form.fields()) {
            mapArgs.add(lit(f.id()));
            mapArgs.add(col(f.id()).cast("string"));
        }
        staged.filter(size(col("problems")).gt(0))
                .select(lit(form.id()).as("form"), col("source_file"), col("source_row"),
                        col(regionField).as("region_code"), col("year"), explode(col("problems")).as("p"),
                        to_json(coalesce(col("raw"), map(mapArgs.toArray(Column[]::new)))).as("record"), col("part"))
                .select(col("form"), col("source_file"), col("source_row"), col("region_code"), col("year"),
                        col("p.field").as("field"), col("p.rule").as("rule"), col("p.value").as("value"),
                        col("p.message_zh").as("message_zh"), col("p.message_en").as("message_en"), col("record"), col("part"))
                .write().mode(SaveMode.Append).partitionBy("part")
                .parquet(snapshot.quarantine().resolve(form.table()).toString());

        staged.filter(size(col("problems")).equalTo(0).and(size(col("warnings")).gt(0)))
                .select(lit(form.id()).as("form"), col("source_file"), col("source_row"), col(regionField).as("region_code"),
                        col("year"), explode(col("warnings")).as("w"), col("part"))
                .select(col("form"), col("source_file"), col("source_row"), col("region_code"), col("year"),
                        col("w.field").as("field"), col("w.rule").as("rule"), col("w.value").as("value"),
                        col("w.expected").as("expected"), col("w.message_zh").as("message_zh"), col("w.message_en").as("message_en"),
                        col("part"))
                .write().mode(SaveMode.Append).partitionBy("part").parquet(snapshot.warnings().resolve(form.table()).toString());

        // The latest revision of a (region, year) wins: by the form's revision fields where a return has them
        // (revision number, submission date), then the later submitted file, then the later file name and row. In a
        // full run nearly every (region, year) has one return: only the few with several are ordered (a broadcast of
        // their keys, not a shuffle and sort of every row), and the rest are written as they were staged. The few
        // province-years of an incremental run, rebuilt because a revision came, are ordered whole.
        Dataset<Row> accepted = staged.filter(size(col("problems")).equalTo(0));
        List<Column> factColumns = new ArrayList<>();
        for (Field f : form.fields()) factColumns.add(col(f.id()));
        factColumns.add(col("source_file"));
        factColumns.add(col("source_row"));
        factColumns.add(col("submitted_at"));
        List<Column> historyColumns = new ArrayList<>(factColumns);
        historyColumns.add(col("superseded_by_file"));
        historyColumns.add(col("superseded_by_row"));
        historyColumns.add(col("part"));
        factColumns.add(substring(col(regionField), 1, 2).as("province"));

        Dataset<Row> candidates = accepted;
        if (!incremental) {
            Dataset<Row> keys = accepted.groupBy(col(regionField).as("_key_code"), col("year").as("_key_year")).count()
                    .filter(col("count").gt(1)).drop("count");
            Dataset<Row> revisedKeys = run.spark.createDataFrame(keys.collectAsList(), keys.schema());
            Column sameKey = col(regionField).equalTo(col("_key_code")).and(col("year").equalTo(col("_key_year")));
            writeFacts(form, snapshot, accepted.join(broadcast(revisedKeys), sameKey, "left_anti").select(factColumns.toArray(Column[]::new)));
            candidates = revisedKeys.isEmpty() ? null : accepted.join(broadcast(revisedKeys), sameKey, "left_semi");
        }
        if (candidates != null) {
            List<Column> order = new ArrayList<>();
            for (String f : form.revisionOrder()) order.add(col(f).desc_nulls_last());
            order.addAll(List.of(col("submitted_at").desc(), col("source_file").desc(), col("source_row").desc()));
            WindowSpec latestFirst = Window.partitionBy(regionField, "year").orderBy(order.toArray(Column[]::new));
            Dataset<Row> revised = candidates
                    .withColumn("_revision", row_number().over(latestFirst))
                    .withColumn("superseded_by_file", first(col("source_file")).over(latestFirst))
                    .withColumn("superseded_by_row", first(col("source_row")).over(latestFirst))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            writeFacts(form, snapshot, revised.filter(col("_revision").equalTo(1)).select(factColumns.toArray(Column[]::new)));
            revised.filter(col("_revision").gt(1)).select(historyColumns.toArray(Column[]::new))
                    .write().mode(SaveMode.Append).partitionBy("part").parquet(snapshot.history(form).toString());
            revised.unpersist();
        }
        return staged.count();
    }

    /** Appends accepted returns to the facts, a directory per year and province, each file sorted by region code. */
    private static void writeFacts(Form form, Snapshot snapshot, Dataset<Row> facts) {
        facts.sortWithinPartitions("year", "province", form.regionField())
                .write().mode(SaveMode.Append).partitionBy("year", "province").parquet(snapshot.facts(form).toString());
    }

    /**
     * The staged rows of a form, without the files found broken while read: their marker rows and the rows read
     * before the marker (a file is loaded whole or not at all). Broken files are few: their names are collected.
     */
    private static Dataset<Row> dataRows(Dataset<Row> staged) {
        Object[] broken = staged.filter(col("file_problem_en").isNotNull()).select("source_file").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toArray();
        Dataset<Row> rows = staged.filter(col("file_problem_en").isNull());
        return broken.length == 0 ? rows : rows.filter(not(col("source_file").isin(broken)));
    }
}
