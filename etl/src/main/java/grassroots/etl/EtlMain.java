package grassroots.etl;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

@Command(name = "etl", mixinStandardHelpOptions = true,
        description = {"读取统计报表，校验后写入仓库的新快照，完成并核对无误后再切换。",
                "Loads returns files into a new warehouse snapshot and switches to it once it is complete and checked."})
public final class EtlMain implements Callable<Integer> {
    @Option(names = "--returns", required = true, description = "directory of returns files (.csv, .xlsx), searched recursively")
    Path returns;

    @Option(names = "--warehouse", required = true, description = "warehouse directory (created if missing)")
    Path warehouse;

    @Mixin
    EtlOptions options;

    @Override
    public Integer call() {
        Cli.requireDirectory(returns, "报表", "returns");
        grassroots.warehouse.regions.RegionHierarchy.loadInBackground(); // seconds of reading, while Spark starts
        // Spark starts (seconds) while the files are inspected and the regions written, which need none of it
        CompletableFuture<SparkSession> spark = CompletableFuture.supplyAsync(() -> SparkSessions.start(options.master));
        try {
            RunReport r = new EtlJob(() -> started(spark), Catalog.standard(), System.out)
                    .limits(options.limits()).keep(options.keep)
                    .run(returns, new WarehouseDir(warehouse));
            printSummary(r);
            return 0;
        } finally {
            started(spark).stop();
        }
    }

    private static SparkSession started(CompletableFuture<SparkSession> spark) {
        try {
            return spark.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void printSummary(RunReport r) {
        System.out.println();
        System.out.println("  运行 / run            " + r.runId + "  (" + r.status + ", " + r.seconds + " s)");
        System.out.printf("  文件 / files          %,d read, %,d unusable%n", r.filesRead, r.brokenFiles);
        if ("full".equals(r.mode)) {
            System.out.println("  方式 / mode           full (every file read, everything built)");
        } else {
            System.out.printf("  方式 / mode           incremental: %d province-year(s) rebuilt, %d taken over unchanged%n",
                    r.rebuilt.size(), r.reusedPartitions);
        }
        System.out.printf("  输入 / input rows     %,d%n", r.inputRows);
        System.out.printf("  入库 / loaded         %,d%n", r.loadedRows);
        System.out.printf("  隔离 / quarantined    %,d%n", r.quarantinedRows);
        System.out.printf("  被替代 / superseded   %,d%n", r.supersededRows);
        r.quarantineByRule.entrySet().stream().limit(10)
                .forEach(e -> System.out.printf("      %-36s %,d%n", e.getKey(), e.getValue()));
        System.out.printf("  警告 / warnings        %,d (rows loaded all the same)%n", r.warnings);
        r.files.stream().filter(f -> f.problemEn != null).limit(20)
                .forEach(f -> System.out.println("  ! " + f.file + ": " + f.problemZh + " / " + f.problemEn));
        System.out.println("  报告 / report         " + Path.of(r.warehouse, "runs", r.runId + ".json"));
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new EtlMain(), args));
    }
}
