package grassroots.etl.plain;

import grassroots.etl.SparkSessions;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.Rule;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.RegionsTable;
import grassroots.warehouse.store.Snapshot;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.*;

/**
 * The bench's yardstick for the ETL's engine: the same minimal validating load written the plain way with Spark alone.
 * Spark's CSV reader (header by field id, every cell as text), a typed cast per field (a cell that does not cast, or a
 * required one left blank, is a problem), the form's rules as {@code expr}, a broadcast join on the codes valid that
 * year, a window keeping the latest revision of each (region, year), facts written by year and rejected rows to a
 * quarantine. None of what the ETL adds: other encodings and spreadsheets, Chinese headers, numbers as typed, reasons in
 * two languages, row accounting, staging for incremental runs, marts, publishing.
 *
 * <p>Usage (the bench starts it through {@code ./grassroots spark-plain}): {@code RETURNS_DIR OUT_DIR [MASTER]}; prints
 * one line {@code plain-spark seconds=… rows=… facts=… quarantined=…}.
 */
public final class PlainSparkLoad {
    private PlainSparkLoad() {}

    public static void main(String[] args) throws Exception {
        Path returns = Path.of(args[0]).toAbsolutePath(), out = Path.of(args[1]).toAbsolutePath();
        SparkSession spark = SparkSessions.start(args.length > 2 ? args[2] : "local[*]");
        try {
            long start = System.nanoTime();
            Files.createDirectories(out);
            Snapshot codes = new Snapshot("plain", out);
            RegionsTable.write(RegionHierarchy.standard(), codes);
            Dataset<Row> regions = spark.read().parquet(codes.regions().toString());
            long rows = 0, facts = 0, quarantined = 0;
            for (Form form : Catalog.standard().forms()) {
                Path dir = returns.resolve(form.id());
                if (!Files.isDirectory(dir)) continue;
                long[] n = load(spark, form, dir, regions, out);
                rows += n[0];
                facts += n[1];
                quarantined += n[2];
            }
            System.out.printf(Locale.ROOT, "plain-spark seconds=%.2f rows=%d facts=%d quarantined=%d%n",
                    (System.nanoTime() - start) / 1e9, rows, facts, quarantined);
        } finally {
            spark.stop();
        }
    }

    /** Loads one form's CSV files; returns {rows read, facts written, rows quarantined}. */
    private static long[] load(SparkSession spark, Form form, Path dir, Dataset<Row> regions, Path out) {
        Dataset<Row> text = spark.read().option("header", "true").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.csv").csv(dir.toString())
                .withColumn("source_file", input_file_name());

        List<Column> typed = new ArrayList<>(List.of(col("source_file")));
        List<Column> problems = new ArrayList<>();
        for (Field f : form.fields()) {
            Column cell = trim(col("`" + f.id() + "`"));
            Column value = f.type().sqlType().equals("VARCHAR") ? cell
                    : expr("try_cast(trim(`" + f.id() + "`) AS " + f.type().sqlType() + ")");
            typed.add(value.as(f.id()));
            problems.add(when(cell.isNotNull().and(cell.notEqual(lit(""))).and(value.isNull()), lit(f.id() + ".type")));
            if (f.required()) problems.add(when(cell.isNull().or(cell.equalTo(lit(""))), lit(f.id() + ".required")));
        }
        Dataset<Row> rows = text.select(typed.toArray(Column[]::new));
        for (Rule r : form.rules()) problems.add(when(expr(r.violation()), lit(r.id())));

        String region = form.regionField();
        Dataset<Row> known = regions.filter(col("level").equalTo(form.grain().id()).and(col("administered")))
                .select(col("code").as("_code"), col("valid_from"), col("valid_to"));
        problems.add(when(col("_code").isNull(), lit(region + ".unknown")));
        Dataset<Row> checked = rows.join(broadcast(known), col(region).equalTo(col("_code"))
                        .and(col("year").between(col("valid_from"), col("valid_to"))), "left")
                .withColumn("problems", filter(array(problems.toArray(Column[]::new)), Column::isNotNull))
                .drop("_code", "valid_from", "valid_to")
                .cache();

        checked.filter(size(col("problems")).gt(0)).write().mode(SaveMode.Overwrite)
                .parquet(out.resolve("quarantine").resolve(form.table()).toString());

        List<Column> order = new ArrayList<>();
        for (String f : form.revisionOrder()) order.add(col(f).desc_nulls_last());
        order.add(col("source_file").desc());
        Dataset<Row> latest = checked.filter(size(col("problems")).equalTo(0))
                .withColumn("_revision", row_number().over(Window.partitionBy(region, "year").orderBy(order.toArray(Column[]::new))))
                .filter(col("_revision").equalTo(1)).drop("_revision", "problems");
        latest.write().mode(SaveMode.Overwrite).partitionBy("year").parquet(out.resolve("facts").resolve(form.table()).toString());

        Row counts = checked.agg(count(lit(1)), sum(when(size(col("problems")).gt(0), 1).otherwise(0))).first();
        checked.unpersist();
        long facts = spark.read().parquet(out.resolve("facts").resolve(form.table()).toString()).count();
        return new long[]{counts.getLong(0), facts, counts.isNullAt(1) ? 0 : counts.getLong(1)};
    }
}
