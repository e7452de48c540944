package grassroots.etl.steps;

import grassroots.etl.Schemas;
import grassroots.etl.input.ParsedRows;
import grassroots.etl.input.RegionCheck;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.Rule;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.ReturnFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.*;

/**
 * A form's files as rows with every problem found: cells that could not be read (parsed on the executors, one file
 * per task), the form's rules (its SQL, as Spark expressions), region codes unknown or not valid that year and, as
 * warnings, unit names that differ from the table (both checked as the rows are read, {@link RegionCheck}). Each row carries its
 * province-year ({@code part}: "2020_32"), where its revisions are compared and what a run rebuilds.
 *
 * <p>A row's problems, warnings and record as typed are staged as JSON text ({@link Schemas#STAGED_FORMAT}), null when
 * it has none, as nearly every row: as Parquet's nested lists and map they were 13 of JC-1's 40 columns, written empty
 * for every row, and nested groups cost Parquet's writer most per value.
 */
final class CheckedRows {
    private CheckedRows() {}

    static Dataset<Row> of(SparkSession spark, Form form, List<ReturnFile> files, Limits limits) {
        ParsedRows parser = new ParsedRows(form, limits, new RegionCheck(form));
        List<List<ReturnFile>> tasks = tasks(files, spark.sparkContext().defaultParallelism());
        JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                // a task per file: its rows fall in one province-year (mostly), so a task writes one staged file
                // with one open writer; small files share a task (see tasks)
                .parallelize(tasks, Math.max(1, tasks.size()))
                .flatMap(group -> new FilesRows(group, parser));
        // The rows are Spark's internal ones already (ParsedRows): createDataFrame would take external Rows and convert
        // every value. The classic session's internalCreateDataFrame (Scala's private[sql], public to Java) takes them as
        // they are; a change of it in a later Spark shows at compile time.
        Dataset<Row> parsed = ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), Schemas.parsed(form), false);

        List<Column> problems = new ArrayList<>();
        Column anyFails = lit(false);
        for (Rule r : form.rules()) {
            Column fails = expr(r.violation());
            problems.add(ruleProblem(r, fails));
            anyFails = anyFails.or(fails);
        }

        // The region code was checked against the division table as the row was read (RegionCheck): unknown, not
        // administered or not valid that year; and a unit name other than the table's
        String regionField = form.regionField();
        Field region = form.requireField(regionField);
        Column unknownRegion = col("region_unknown");
        anyFails = anyFails.or(unknownRegion);
        problems.add(onlyIf(unknownRegion,
                struct(lit(regionField).as("field"), lit(regionField + ".unknown").as("rule"),
                        col(regionField).as("value"),
                        concat(lit("「" + region.label().zh() + "」在该年份的区划代码表中不存在："), col(regionField)).as("message_zh"),
                        concat(lit(regionField + " is not in the division code table for that year: "), col(regionField)).as("message_en")),
                Schemas.PROBLEM));

        // Each check adds an array of its problem or an empty one, all concatenated: Spark compiles this, whereas
        // filter(array(...), isNotNull), a higher-order function, is interpreted row by row (a tenth of the load's CPU).
        // Only a row that fails a check builds them (nearly all rows pass: 5% of the national load's time).
        List<Column> all = new ArrayList<>(List.of(col("problems")));
        all.addAll(problems);
        Column cellProblems = when(size(col("problems")).gt(0), to_json(col("problems")));
        return parsed
                .withColumn("problems", when(coalesce(anyFails, lit(false)), to_json(concat(all.toArray(Column[]::new)))).otherwise(cellProblems))
                .withColumn("warnings", nameWarnings(form))
                .withColumn("raw", to_json(col("raw")))
                .drop("region_unknown", "official_name")
                .withColumn("part", concat(coalesce(col("year").cast("string"), lit("unknown")), lit("_"),
                        coalesce(substring(col(regionField), 1, 2), lit("__"))));
    }

    /** Files under this size share a task with their neighbours (the same province's other years), up to {@link #TASK_BYTES}. */
    static final long SMALL_FILE_BYTES = 1L << 20;
    static final long TASK_BYTES = 8L << 20;

    /**
     * The files as Spark tasks: each file of a form of units (a few MB) alone; the small files of a township form
     * (tens of KB each, 465 of them nationally) together, or each would pay a task's fixed cost for a few hundred rows
     * (that was most of that form's load time). Largest first: Spark starts the tasks in this order, so the last to
     * run are small and the cores finish together (in the order of the files' names, a large province's file could
     * come last and run alone while the other core idled).
     */
    static List<List<ReturnFile>> tasks(List<ReturnFile> files, int cores) {
        record Task(List<ReturnFile> files, long bytes) {}
        List<Task> tasks = new ArrayList<>();
        long[] sizes = files.stream().mapToLong(CheckedRows::sizeOf).toArray();
        long smallTotal = java.util.Arrays.stream(sizes).filter(n -> n < SMALL_FILE_BYTES).sum();
        // enough tasks to keep every core busy to the end (four each), none larger than TASK_BYTES
        long perTask = Math.max(1, Math.min(TASK_BYTES, smallTotal / (4L * Math.max(1, cores))));
        List<ReturnFile> small = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            ReturnFile f = files.get(i);
            long size = sizes[i];
            if (size >= SMALL_FILE_BYTES) {
                tasks.add(new Task(List.of(f), size));
                continue;
            }
            if (!small.isEmpty() && bytes + size > perTask) {
                tasks.add(new Task(small, bytes));
                small = new ArrayList<>();
                bytes = 0;
            }
            small.add(f);
            bytes += size;
        }
        if (!small.isEmpty()) tasks.add(new Task(small, bytes));
        tasks.sort(java.util.Comparator.comparingLong(Task::bytes).reversed());
        return tasks.stream().map(Task::files).toList();
    }

    private static long sizeOf(ReturnFile f) {
        try {
            return java.nio.file.Files.size(java.nio.file.Path.of(f.path()));
        } catch (java.io.IOException e) {
            return SMALL_FILE_BYTES; // unreadable: a task of its own, which reports it
        }
    }

    /** The rows of a task's files, one file after the other (each file's rows streamed as its reader gives them). */
    private static final class FilesRows implements java.util.Iterator<InternalRow> {
        private final java.util.Iterator<ReturnFile> files;
        private final ParsedRows parser;
        private java.util.Iterator<InternalRow> rows = java.util.Collections.emptyIterator();

        FilesRows(List<ReturnFile> files, ParsedRows parser) {
            this.files = files.iterator();
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (!rows.hasNext() && files.hasNext()) rows = parser.read(files.next());
            return rows.hasNext();
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            return rows.next();
        }
    }

    /** The problem a row breaking the rule gets (the rule's first field, the values it compared, its message), as an array. */
    private static Column ruleProblem(Rule r, Column fails) {
        List<Column> shown = new ArrayList<>();
        for (String f : r.fields()) shown.add(concat(lit(f + "="), coalesce(col(f).cast("string"), lit(""))));
        return onlyIf(fails, struct(lit(r.fields().get(0)).as("field"), lit(r.id()).as("rule"),
                concat_ws(", ", shown.toArray(Column[]::new)).as("value"),
                lit(r.message().zh()).as("message_zh"), lit(r.message().en()).as("message_en")), Schemas.PROBLEM);
    }

    /** A unit name that differs from the division table's (the row is loaded all the same), as a JSON array; else null. */
    private static Column nameWarnings(Form form) {
        if (form.nameField() == null) return lit(null).cast(DataTypes.StringType);
        String nf = form.nameField();
        Field name = form.requireField(nf);
        return when(col("official_name").isNotNull(), to_json(array(struct(lit(nf).as("field"), lit(nf + ".mismatch").as("rule"),
                col(nf).as("value"), col("official_name").as("expected"),
                concat(lit("「" + name.label().zh() + "」与区划代码表不一致，代码表为："), col("official_name")).as("message_zh"),
                concat(lit(nf + " differs from the division table, which has: "), col("official_name")).as("message_en"))
                .cast(Schemas.WARNING))));
    }

    /** [problem] when the condition holds (a check failed), else an empty array of the problem's type. */
    private static Column onlyIf(Column condition, Column problem, org.apache.spark.sql.types.StructType type) {
        org.apache.spark.sql.types.ArrayType arrayType = DataTypes.createArrayType(type, true);
        return when(condition, array(problem.cast(type)).cast(arrayType)).otherwise(array().cast(arrayType));
    }
}
