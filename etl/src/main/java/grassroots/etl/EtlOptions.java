package grassroots.etl;

import grassroots.warehouse.returns.Limits;
import picocli.CommandLine.Option;

/**
 * What every command that runs the ETL takes: where Spark runs, how many snapshots to keep and how much one returns
 * file may hold. {@code etl} and {@code worker} both mix it in, so a worker publishes under the same rules as a run.
 */
public final class EtlOptions {
    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master: local[*] (default) or spark://HOST:PORT for a standalone cluster")
    public String master;

    @Option(names = "--keep", defaultValue = "3",
            description = {"保留最近N个已发布的快照，更早且无人读取的快照会被删除(默认 ${DEFAULT-VALUE})",
                    "keep the last N published snapshots; older ones no reader holds are removed (default ${DEFAULT-VALUE})"})
    public int keep;

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

    public Limits limits() {
        return Limits.of(maxFileMb, maxColumns, maxCellChars);
    }
}
