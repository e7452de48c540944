package grassroots.etl;

import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "etl", mixinStandardHelpOptions = true,
        description = {"读取统计报表，校验后写入仓库的新快照，完成并核对无误后再切换。",
                "Loads returns files into a new warehouse snapshot and switches to it once it is complete and checked."})
public final class EtlMain implements Callable<Integer> {
    @Option(names = "--returns", required = true, description = "directory of returns files (.csv, .xlsx), searched recursively")
    Path returns;

    @Option(names = "--warehouse", required = true, description = "warehouse directory (created if missing)")
    Path warehouse;

    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master: local[*] (default) or spark://HOST:PORT for a standalone cluster")
    String master;

    @Option(names = "--keep", defaultValue = "3",
            description = {"保留最近N个已发布的快照，更早且无人读取的快照会被删除(默认 ${DEFAULT-VALUE})",
                    "keep the last N published snapshots; older ones no reader holds are removed (default ${DEFAULT-VALUE})"})
    int keep;

    @Option(names = "--max-file-mb", defaultValue = "${sys:grassroots.etl.maxFileMb:-256}",
            description = {"单个报表文件(及.xlsx解压后的每个部件)的大小上限，超过则整份拒收(默认 ${DEFAULT-VALUE} MB)",
                    "largest returns file, and largest part of an .xlsx once unpacked; a larger one is rejected whole "
                            + "with the reason (default ${DEFAULT-VALUE} MB)"})
    long maxFileMb;

    @Option(names = "--max-columns", defaultValue = "${sys:grassroots.etl.maxColumns:-1000}",
            description = {"每行最多列数，超过则整份拒收(默认 ${DEFAULT-VALUE})",
                    "most cells in a row; a file with a wider row is rejected whole (default ${DEFAULT-VALUE})"})
    int maxColumns;

    @Option(names = "--max-cell-chars", defaultValue = "${sys:grassroots.etl.maxCellChars:-32767}",
            description = {"单元格最多字符数，超过则整份拒收(默认 ${DEFAULT-VALUE}，与Excel相同)",
                    "longest cell in characters; a file with a longer one is rejected whole (default ${DEFAULT-VALUE}, as Excel)"})
    int maxCellChars;

    @Override
    public Integer call() {
        Cli.requireDirectory(returns, "报表", "returns");
        SparkSession spark = SparkSessions.start(master);
        try {
            RunReport r = new EtlJob(spark, Catalog.standard(), System.out)
                    .limits(Limits.of(maxFileMb, maxColumns, maxCellChars)).keep(keep)
                    .run(returns, new WarehouseDir(warehouse));
            printSummary(r);
            return 0;
        } finally {
            spark.stop();
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
