package grassroots.warehouse.cli;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.store.WarehouseDir;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"在仓库当前快照上运行一条只读SQL查询，结果以CSV输出。",
                "Runs one read-only SQL query on the warehouse's current snapshot and prints CSV.",
                "Views: regions, jc1, jc2, jc1_history, quarantine, indicator_values, completeness, region_stats, indicators."})
public final class SqlCommand implements Callable<Integer> {
    @Option(names = "--warehouse", required = true, description = "warehouse directory")
    Path warehouse;

    @Option(names = "--max-rows", defaultValue = "1000000", description = "at most this many rows (default ${DEFAULT-VALUE})")
    int maxRows;

    @Option(names = "--timeout", defaultValue = "300", description = "seconds before the query is stopped (default ${DEFAULT-VALUE})")
    int timeout;

    @Parameters(index = "0", paramLabel = "SQL", description = "one SELECT statement")
    String sql;

    @Override
    public Integer call() throws Exception {
        Cli.requireDirectory(warehouse, "仓库", "warehouse");
        Workbench.Limits defaults = Workbench.Limits.standard();
        try (Workbench bench = Workbench.open(new WarehouseDir(warehouse).requireCurrent(), Catalog.standard(),
                new Workbench.Limits(timeout, defaults.memoryLimit(), Runtime.getRuntime().availableProcessors()));
             CSVPrinter out = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)),
                     CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            boolean truncated = bench.run(sql, maxRows, new Workbench.Sink() {
                public void columns(List<Workbench.Column> columns) throws Exception {
                    out.printRecord(columns.stream().map(Workbench.Column::name).toList());
                }

                public void row(Object[] values) throws Exception {
                    out.printRecord(values);
                }
            });
            out.flush();
            if (truncated) System.err.println("grassroots: only the first " + maxRows + " rows are shown (--max-rows)");
            return 0;
        } catch (Workbench.Refused e) {
            System.err.println("grassroots: " + e.text().bilingual());
            return 2;
        }
    }
}
