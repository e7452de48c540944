package grassroots.etl;

import grassroots.etl.RunReport.FileReport;
import grassroots.warehouse.returns.Limits;
import grassroots.etl.input.ParsedRows;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.Rule;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.store.Checkpoints;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.MartBuilder;
import grassroots.warehouse.store.RegionsTable;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import org.duckdb.DuckDBConnection;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.HashSet;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.*;

/**
 * One ETL run: returns files → checked rows → a new warehouse snapshot, published only when complete and accounted for.
 * <ol>
 *   <li>inspect: find each file's form and header (driver); a file that cannot be used is reported whole;</li>
 *   <li>parse and check (Spark): types, the form's rules, region codes valid for the year; staged as Parquet;</li>
 *   <li>split: rejected rows → quarantine (one row per problem, the record kept as typed); of the accepted rows the latest
 *       revision of each (region, year) → facts partitioned by year, earlier ones → history;</li>
 *   <li>account: input = loaded + quarantined + superseded for every file, or the run fails;</li>
 *   <li>marts (DuckDB), manifest, then the atomic switch of CURRENT.</li>
 * </ol>
 */
public final class EtlJob {
    private final SparkSession spark;
    private final Catalog catalog;
    private final PrintStream out;
    private Limits limits = Limits.fromSystemProperties();
    private int keep = WarehouseDir.DEFAULT_KEEP;

    public EtlJob(SparkSession spark, Catalog catalog, PrintStream out) {
        this.spark = spark;
        this.catalog = catalog;
        this.out = out;
    }

    /** How much one returns file may hold (default: {@link Limits#fromSystemProperties()}). */
    public EtlJob limits(Limits limits) {
        this.limits = limits;
        return this;
    }

    /** How many published snapshots to keep (default {@value WarehouseDir#DEFAULT_KEEP}). */
    public EtlJob keep(int keep) {
        if (keep < 1) throw new IllegalArgumentException("--keep must be at least 1");
        this.keep = keep;
        return this;
    }

    public RunReport run(Path returnsDir, WarehouseDir warehouse) {
        long start = System.nanoTime();
        RunReport report = new RunReport();
        report.runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(Instant.now());
        report.startedAt = Instant.now().toString();
        report.master = spark.sparkContext().master();
        report.returnsDir = returnsDir.toAbsolutePath().normalize().toString();
        report.returnsKey = RunReport.keyOf(report.returnsDir);
        report.warehouse = warehouse.root().toString();
        Snapshot snapshot = warehouse.snapshot(report.runId);
        report.snapshot = snapshot.id();
        Path reportFile = warehouse.runs().resolve(report.runId + ".json");
        // a test's kill points include every Spark task (a partition written), not only the stages' starts
        org.apache.spark.scheduler.SparkListener tasks = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
                Checkpoints.reach("task " + end.taskInfo().taskId());
            }
        };
        spark.sparkContext().addSparkListener(tasks);
        try {
            Stage stage = new Stage(report, out);
            report.rulesVersion = rulesVersion();
            RunReport previous = previousRun(warehouse, report);
            Snapshot before = previous == null ? null : warehouse.requireCurrent();
            report.mode = previous == null ? "full" : "incremental";
            int removed = warehouse.removeUnfinished();
            if (removed > 0) out.printf("removed %d unfinished snapshot(s) of runs that did not complete%n", removed);
            stage.begin("inspect", "检查文件 / inspecting files");
            List<ReturnFile> files = inspect(returnsDir);
            Map<String, FileReport> byFile = fileReports(files, report);
            stage.end(String.format("%d files, %d unusable", files.size(), report.brokenFiles));

            stage.begin("regions", "写入区划 / writing regions");
            if (previous == null) {
                RegionsTable.write(RegionHierarchy.standard(), snapshot);
                stage.end("");
            } else {
                // the same rules version means the same hierarchy: the previous snapshot's files are this run's
                linkFile(before.regions(), snapshot.regions());
                linkFile(before.crosswalk(), snapshot.crosswalk());
                stage.end("taken over from the previous snapshot");
            }

            Dataset<Row> regions = spark.read().parquet(snapshot.regions().toString());
            for (Form form : catalog.forms()) {
                List<ReturnFile> formFiles = files.stream().filter(f -> form.id().equals(f.formId())).toList();
                if (formFiles.isEmpty()) continue;
                stage.begin("load " + form.id(), "读取并校验 " + form.id() + " / reading and checking " + form.id());
                Set<String> touched = stage(form, formFiles, regions, snapshot, before, previous, report);
                long rows = split(form, snapshot, touched);
                double secs = stage.end(touched == null ? "" : touched.size() + " province-year(s) rebuilt");
                out.printf("        %,d rows, %,.0f rows/s%n", rows, rows / Math.max(secs, 1e-3));
            }

            stage.begin("account", "行数核对 / row accounting");
            account(snapshot, byFile, report);
            stage.end(String.format("input %,d = loaded %,d + quarantined %,d + superseded %,d",
                    report.inputRows, report.loadedRows, report.quarantinedRows, report.supersededRows));
            if (report.loadedRows == 0) throw new IllegalStateException("no row could be loaded; nothing to publish");

            stage.begin("marts", "计算指标 / computing indicator marts");
            new MartBuilder(catalog).build(snapshot);
            stage.end("");

            deleteRecursively(snapshot.dir().resolve("_fresh"));
            report.status = "published";
            finish(report, start);
            report.forSnapshot().write(snapshot.manifest());
            Checkpoints.reach("manifest written");
            warehouse.publish(snapshot);
            report.write(reportFile);
            Checkpoints.reach("report written");
            WarehouseDir.Retention kept = warehouse.retain(keep);
            if (!kept.removed().isEmpty() || !kept.held().isEmpty()) {
                out.printf("removed %d old snapshot(s); %d still held by a reader, removed by a later run%n",
                        kept.removed().size(), kept.held().size());
            }
            return report;
        } catch (RuntimeException e) {
            report.status = "failed";
            report.error = e.getMessage();
            finish(report, start);
            report.write(reportFile);
            throw e;
        } finally {
            spark.sparkContext().removeSparkListener(tasks);
        }
    }

    private List<ReturnFile> inspect(Path returnsDir) {
        if (!Files.isDirectory(returnsDir)) {
            throw new IllegalArgumentException("报表目录不存在 / returns directory does not exist: " + returnsDir);
        }
        try (Stream<Path> s = Files.walk(returnsDir)) {
            List<Path> paths = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                        return name.endsWith(".csv") || name.endsWith(".xlsx");
                    })
                    .sorted(Comparator.comparing(Path::toString)).toList();
            return paths.parallelStream().map(p -> ReturnFile.inspect(p, returnsDir, catalog, limits)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + returnsDir, e);
        }
    }

    private static Map<String, FileReport> fileReports(List<ReturnFile> files, RunReport report) {
        Map<String, FileReport> byFile = new LinkedHashMap<>();
        for (ReturnFile f : files) {
            FileReport fr = new FileReport();
            fr.file = f.name();
            fr.form = f.formId();
            fr.modifiedAt = f.submittedAt();
            try {
                fr.sizeBytes = Files.size(Path.of(f.path()));
            } catch (IOException e) {
                fr.sizeBytes = -1;
            }
            if (!f.ignoredColumns().isEmpty()) fr.ignoredColumns = f.ignoredColumns();
            if (!f.missingFields().isEmpty()) fr.missingFields = f.missingFields();
            if (!f.usable()) {
                fr.problemZh = f.problem().zh();
                fr.problemEn = f.problem().en();
                report.brokenFiles++;
            }
            byFile.put(f.name(), fr);
            report.files.add(fr);
        }
        report.filesRead = files.size();
        return byFile;
    }

    /**
     * Writes the form's staged rows (every row read, with its problems) into the snapshot and returns the province-years
     * to rebuild (null: all). With a previous run on the same returns directory and rules, only new or changed files
     * are read: the province-years they touch (now or before) are restaged from those files and the unchanged files'
     * earlier rows, and every other province-year is taken over from the previous snapshot as it is (hard links).
     */
    private Set<String> stage(Form form, List<ReturnFile> files, Dataset<Row> regions, Snapshot snapshot,
                              Snapshot before, RunReport previous, RunReport report) {
        Path staged = snapshot.staged(form);
        if (previous == null) {
            stagedWriter(withPart(form, checked(form, files, regions)), SaveMode.Overwrite).parquet(staged.toString());
            report.rebuilt.add(form.id() + " (all)");
            return null;
        }
        Map<String, FileReport> earlier = new HashMap<>();
        for (FileReport f : previous.files) if (form.id().equals(f.form)) earlier.put(f.file, f);
        List<ReturnFile> changed = files.stream().filter(f -> !unchanged(f, earlier.get(f.name()))).toList();
        Set<String> present = new HashSet<>();
        files.forEach(f -> present.add(f.name()));
        Set<String> replaced = new HashSet<>();
        changed.forEach(f -> replaced.add(f.name()));
        earlier.keySet().stream().filter(f -> !present.contains(f)).forEach(replaced::add);

        Set<String> touched = new TreeSet<>();
        replaced.forEach(f -> { if (earlier.containsKey(f) && earlier.get(f).partitions != null) touched.addAll(earlier.get(f).partitions); });
        Path fresh = snapshot.dir().resolve("_fresh").resolve(form.table());
        if (!changed.isEmpty()) {
            withPart(form, checked(form, changed, regions)).write().mode(SaveMode.Overwrite).parquet(fresh.toString());
            for (Row r : spark.read().parquet(fresh.toString()).select("part").distinct().collectAsList()) touched.add(r.getString(0));
        }
        linkPartitions(before.staged(form), staged, touched);
        linkPartitions(before.facts(form), snapshot.facts(form), touched);
        linkPartitions(before.history(form), snapshot.history(form), touched);
        linkPartitions(before.quarantine().resolve(form.table()), snapshot.quarantine().resolve(form.table()), touched);
        linkPartitions(before.warnings().resolve(form.table()), snapshot.warnings().resolve(form.table()), touched);
        Dataset<Row> rows = null;
        if (Snapshot.hasParquet(before.staged(form)) && !touched.isEmpty()) {
            rows = spark.read().parquet(before.staged(form).toString())
                    .filter(col("part").isin(touched.toArray()).and(not(col("source_file").isin(replaced.toArray()))));
        }
        if (!changed.isEmpty()) {
            Dataset<Row> freshRows = spark.read().parquet(fresh.toString());
            rows = rows == null ? freshRows : rows.unionByName(freshRows);
        }
        if (rows != null) stagedWriter(rows, SaveMode.Append).parquet(staged.toString());
        touched.forEach(p -> report.rebuilt.add(form.id() + " " + p));
        report.reusedPartitions += partitionsOf(before.staged(form)).stream().filter(p -> !touched.contains(p)).count();
        return touched;
    }

    /**
     * How staged rows are written: by province-year, without dictionary encoding. Staged rows are read back whole
     * by this job only, and most of their columns (codes, names, files) are nearly unique, so building dictionaries
     * only to drop them cost a third of the write.
     */
    private static org.apache.spark.sql.DataFrameWriter<Row> stagedWriter(Dataset<Row> rows, SaveMode mode) {
        return rows.write().mode(mode).partitionBy("part").option("parquet.enable.dictionary", "false");
    }

    /** A file the previous run read as it is now (same size and time; resubmissions come as new or changed files). */
    private static boolean unchanged(ReturnFile f, FileReport before) {
        if (before == null) return false;
        try {
            Path p = Path.of(f.path());
            return before.sizeBytes == Files.size(p) && before.modifiedAt == Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** The province-year a row belongs to ("2020_32"): where its revisions are compared, and what a run rebuilds. */
    private static Dataset<Row> withPart(Form form, Dataset<Row> rows) {
        return rows.withColumn("part", concat(coalesce(col("year").cast("string"), lit("unknown")), lit("_"),
                coalesce(substring(col(form.regionField()), 1, 2), lit("__"))));
    }

    /** The previous run to build on: the current snapshot's, over the same returns directory and rules. */
    private static RunReport previousRun(WarehouseDir warehouse, RunReport now) {
        Snapshot current = warehouse.current().orElse(null);
        if (current == null || !Files.exists(current.manifest())) return null;
        RunReport before = RunReport.read(current.manifest());
        boolean same = "published".equals(before.status) && now.rulesVersion.equals(before.rulesVersion)
                && now.returnsKey.equals(before.returnsKey) && Files.isDirectory(current.dir().resolve("staged"));
        return same ? before : null;
    }

    /** What a run's results depend on besides the files: the forms and the division codes. */
    private String rulesVersion() {
        RegionHierarchy h = RegionHierarchy.standard();
        return Integer.toHexString(java.util.Objects.hash(catalog.forms().toString(), h.crosswalk().toString(), h.size()));
    }

    /** The partitions in a directory: "part=2020_32" or "year=2020/province=32" both give "2020_32". */
    private static Set<String> partitionsOf(Path dir) {
        Set<String> parts = new TreeSet<>();
        if (!Files.isDirectory(dir)) return parts;
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".parquet")).forEach(p -> parts.add(partOf(dir.relativize(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    private static String partOf(Path relative) {
        String year = null, province = null;
        for (Path segment : relative) {
            String name = segment.toString();
            if (name.startsWith("part=")) return name.substring(5);
            if (name.startsWith("year=")) year = name.substring(5);
            if (name.startsWith("province=")) province = name.substring(9);
        }
        return (year == null || year.startsWith("__HIVE") ? "unknown" : year) + "_" + (province == null ? "__" : province);
    }

    private static void linkFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.createLink(to, from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take over " + from, e);
        }
    }

    /** Hard-links the data files of the partitions not in {@code except} from one snapshot's directory to another's. */
    private static void linkPartitions(Path from, Path to, Set<String> except) {
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

    /** Parsed rows with every problem found: unreadable cells, broken rules, unknown or invalid region codes. */
    private Dataset<Row> checked(Form form, List<ReturnFile> files, Dataset<Row> regions) {
        ParsedRows parser = new ParsedRows(form, limits);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(files, Math.max(1, Math.min(files.size(), spark.sparkContext().defaultParallelism() * 4)))
                .flatMap(parser::read);
        Dataset<Row> parsed = spark.createDataFrame(rows, Schemas.parsed(form));

        List<Column> ruleProblems = new ArrayList<>();
        for (Rule r : form.rules()) {
            List<Column> shown = new ArrayList<>();
            for (String f : r.fields()) shown.add(concat(lit(f + "="), coalesce(col(f).cast("string"), lit(""))));
            ruleProblems.add(when(expr(r.violation()), struct(lit(r.fields().get(0)).as("field"), lit(r.id()).as("rule"),
                    concat_ws(", ", shown.toArray(Column[]::new)).as("value"),
                    lit(r.message().zh()).as("message_zh"), lit(r.message().en()).as("message_en"))));
        }

        String regionField = form.regionField();
        Field region = form.requireField(regionField);
        Dataset<Row> known = regions.filter(col("level").equalTo(form.grain().id()))
                .select(col("code").as("_code"), col("valid_from").as("_from"), col("valid_to").as("_to"),
                        col("administered").as("_administered"), col("official_name").as("_name"));
        Column codeProblem = when(col(regionField).isNotNull().and(col("_code").isNull()
                        .or(not(col("_administered")))
                        .or(col("year").isNotNull().and(not(col("year").between(col("_from"), col("_to")))))),
                struct(lit(regionField).as("field"), lit(regionField + ".unknown").as("rule"),
                        col(regionField).as("value"),
                        concat(lit("「" + region.label().zh() + "」在该年份的区划代码表中不存在："), col(regionField)).as("message_zh"),
                        concat(lit(regionField + " is not in the division code table for that year: "), col(regionField)).as("message_en")));
        ruleProblems.add(codeProblem);

        Column warnings = array();
        if (form.nameField() != null) {
            String nf = form.nameField();
            Field name = form.requireField(nf);
            Column given = trim(col(nf));
            warnings = filter(array(when(col("_name").isNotNull().and(given.isNotNull()).and(given.notEqual(lit("")))
                    .and(given.notEqual(col("_name"))), struct(lit(nf).as("field"), lit(nf + ".mismatch").as("rule"),
                    col(nf).as("value"), col("_name").as("expected"),
                    concat(lit("「" + name.label().zh() + "」与区划代码表不一致，代码表为："), col("_name")).as("message_zh"),
                    concat(lit(nf + " differs from the division table, which has: "), col("_name")).as("message_en")))),
                    Column::isNotNull);
        }
        return parsed.join(broadcast(known), col(regionField).equalTo(col("_code")), "left")
                .withColumn("problems", concat(col("problems"),
                        filter(array(ruleProblems.toArray(Column[]::new)), Column::isNotNull)))
                .withColumn("warnings", warnings.cast(DataTypes.createArrayType(Schemas.WARNING, true)))
                .drop("_code", "_from", "_to", "_administered", "_name");
    }

    /** Splits the staged rows of the province-years to rebuild (null: all) into quarantine, warnings, facts and history. */
    private long split(Form form, Snapshot snapshot, Set<String> touched) {
        Dataset<Row> staged = dataRows(snapshot.staged(form));
        if (touched != null) staged = staged.filter(col("part").isin(touched.toArray()));
        String regionField = form.regionField();

        List<Column> asText = new ArrayList<>();
        for (Field f : form.fields()) asText.add(lit(f.id()));
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

        // Warnings (the row is loaded all the same), one row per warning, like the quarantine.
        staged.filter(size(col("problems")).equalTo(0).and(size(col("warnings")).gt(0)))
                .select(lit(form.id()).as("form"), col("source_file"), col("source_row"), col(regionField).as("region_code"),
                        col("year"), explode(col("warnings")).as("w"), col("part"))
                .select(col("form"), col("source_file"), col("source_row"), col("region_code"), col("year"),
                        col("w.field").as("field"), col("w.rule").as("rule"), col("w.value").as("value"),
                        col("w.expected").as("expected"), col("w.message_zh").as("message_zh"), col("w.message_en").as("message_en"),
                        col("part"))
                .write().mode(SaveMode.Append).partitionBy("part").parquet(snapshot.warnings().resolve(form.table()).toString());

        // The latest revision of a (region, year) wins: by the form's revision fields where a return has them
        // (revision number, submission date), then the later submitted file, then the later file name and row. Nearly
        // every (region, year) has one return: only the few with several are ordered (a broadcast of their keys, not a
        // shuffle and sort of every row), and the rest are written as they were staged.
        Dataset<Row> accepted = staged.filter(size(col("problems")).equalTo(0));
        Dataset<Row> keys = accepted.groupBy(col(regionField).as("_key_code"), col("year").as("_key_year")).count()
                .filter(col("count").gt(1)).drop("count");
        Dataset<Row> revisedKeys = spark.createDataFrame(keys.collectAsList(), keys.schema());
        Column sameKey = col(regionField).equalTo(col("_key_code")).and(col("year").equalTo(col("_key_year")));

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
        writeFacts(form, snapshot, accepted.join(broadcast(revisedKeys), sameKey, "left_anti").select(factColumns.toArray(Column[]::new)));

        if (!revisedKeys.isEmpty()) {
            List<Column> order = new ArrayList<>();
            for (String f : form.revisionOrder()) order.add(col(f).desc_nulls_last());
            order.addAll(List.of(col("submitted_at").desc(), col("source_file").desc(), col("source_row").desc()));
            WindowSpec latestFirst = Window.partitionBy(regionField, "year").orderBy(order.toArray(Column[]::new));
            Dataset<Row> revised = accepted.join(broadcast(revisedKeys), sameKey, "left_semi")
                    .withColumn("_revision", row_number().over(latestFirst))
                    .withColumn("superseded_by_file", first(col("source_file")).over(latestFirst))
                    .withColumn("superseded_by_row", first(col("source_row")).over(latestFirst))
                    .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
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
     * Counts what each file became, from what was written, and checks that every row is accounted for. The counts are
     * read from the Parquet files by DuckDB on the driver: a few group-bys over narrow columns, in a second or two.
     */
    private void account(Snapshot snapshot, Map<String, FileReport> byFile, RunReport report) {
        try (DuckDBConnection db = Duck.open()) {
            for (Form form : catalog.forms()) {
                Path staging = snapshot.staged(form);
                if (!Snapshot.hasParquet(staging)) continue;
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
    }

    /**
     * The staged rows of a form, without the files found broken while read: their marker rows and the rows read
     * before the marker (a file is loaded whole or not at all). Broken files are few: their names are collected.
     */
    private Dataset<Row> dataRows(Path staging) {
        Dataset<Row> staged = spark.read().parquet(staging.toString());
        Object[] broken = staged.filter(col("file_problem_en").isNotNull()).select("source_file").distinct()
                .collectAsList().stream().map(r -> r.getString(0)).toArray();
        Dataset<Row> rows = staged.filter(col("file_problem_en").isNull());
        return broken.length == 0 ? rows : rows.filter(not(col("source_file").isin(broken)));
    }

    private static void countBy(DuckDBConnection db, String sql, Map<String, long[]> counts, int slot) {
        Duck.each(db, sql, r -> counts.computeIfAbsent(r.getString(1), k -> new long[4])[slot] = r.getLong(2));
    }

    private static void finish(RunReport report, long start) {
        report.finishedAt = Instant.now().toString();
        report.seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try {
            org.apache.commons.io.file.PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Prints progress: each stage as it starts and how long it took. */
    private static final class Stage {
        private final RunReport report;
        private final PrintStream out;
        private String name;
        private String label;
        private long started;
        private int number;

        Stage(RunReport report, PrintStream out) {
            this.report = report;
            this.out = out;
        }

        void begin(String name, String label) {
            Checkpoints.reach("begin " + name);
            this.name = name;
            this.label = label;
            this.started = System.nanoTime();
            out.printf("[%d] %s …%n", ++number, label);
            out.flush();
        }

        double end(String detail) {
            double secs = (System.nanoTime() - started) / 1e9;
            report.stageSeconds.put(name, Math.round(secs * 100) / 100.0);
            report.stages.add(new RunReport.StageTiming(name, label, Math.round(secs * 100) / 100.0, detail));
            out.printf("    done in %.1f s%s%n", secs, detail.isEmpty() ? "" : " — " + detail);
            out.flush();
            Checkpoints.reach("end " + name);
            return secs;
        }
    }
}
