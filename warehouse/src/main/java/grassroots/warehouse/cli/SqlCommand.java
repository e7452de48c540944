package grassroots.warehouse.cli;

import grassroots.warehouse.CsvCells;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"在仓库当前快照上运行一条只读SQL查询，结果以CSV输出。",
                "Runs one read-only SQL query on the warehouse's current snapshot and prints CSV.",
                "Views: regions, crosswalk, jc1, jc2, jc1_history, jc2_history, quarantine, warnings, indicator_values, "
                        + "completeness, outliers, region_stats, indicators."})
public final class SqlCommand implements Callable<Integer> {
    @Option(names = "--warehouse", required = true, description = "warehouse directory")
    Path warehouse;

    @Option(names = "--max-rows", defaultValue = "1000000", description = "at most this many rows (default ${DEFAULT-VALUE})")
    int maxRows;

    @Option(names = "--max-bytes", defaultValue = "1073741824", description = "at most about this many bytes of answer (default ${DEFAULT-VALUE})")
    long maxBytes;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds before the query is stopped (default ${DEFAULT-VALUE})")
    int timeout;

    @Parameters(index = "0", paramLabel = "SQL", description = "one SELECT statement")
    String sql;

    @Override
    public Integer call() throws Exception {
        Cli.requireDirectory(warehouse, "仓库", "warehouse");
        Workbench.Limits defaults = Workbench.Limits.standard();
        try (Workbench bench = Workbench.open(new WarehouseDir(warehouse).requireCurrent(), Catalog.standard(),
                new Workbench.Limits(timeout, defaults.memoryLimit(), Runtime.getRuntime().availableProcessors(), maxBytes,
                        defaults.spillDirectory(), defaults.maxSpill()));
             BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            Workbench.Answer answer = csv(bench, sql, maxRows, out);
            out.flush();
            if (answer.truncated()) System.err.println("grassroots: " + answer.truncatedBecause().bilingual());
            return 0;
        } catch (Workbench.Refused e) {
            System.err.println("grassroots: " + e.text().bilingual());
            return 2;
        }
    }

    /** Writes the query's answer to {@code out} as CSV whose text cells a spreadsheet will not run as formulas. */
    public static Workbench.Answer csv(Workbench bench, String sql, int maxRows, Appendable out) throws IOException {
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
        Workbench.Answer answer = bench.answer(sql, maxRows, new Workbench.Sink() {
            public void columns(List<Workbench.Column> columns) throws Exception {
                printer.printRecord(CsvCells.header(columns.stream().map(Workbench.Column::name).toList()));
            }

            public void row(Object[] values) throws Exception {
                printer.printRecord(CsvCells.row(values));
            }
        });
        printer.flush();
        return answer;
    }
}
