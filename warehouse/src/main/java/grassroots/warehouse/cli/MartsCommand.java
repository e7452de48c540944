package grassroots.warehouse.cli;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.MartBuilder;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.WarehouseDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

@Command(name = "marts", mixinStandardHelpOptions = true,
        description = {"按当前指标目录重新计算指标汇总，生成并发布新快照(报表数据不变，不需重跑ETL)。",
                "Recomputes the indicator marts with the current catalog (e.g. after adding an indicator file) into a new "
                        + "snapshot of the same returns, and publishes it. No ETL run needed."})
public final class MartsCommand implements Callable<Integer> {
    @Option(names = "--warehouse", required = true, description = "warehouse directory")
    Path warehouse;

    @Option(names = "--keep", defaultValue = "3",
            description = {"保留最近N个已发布的快照，更早且无人读取的快照会被删除(默认 ${DEFAULT-VALUE})",
                    "keep the last N published snapshots; older ones no reader holds are removed (default ${DEFAULT-VALUE})"})
    int keep;

    @Override
    public Integer call() throws java.io.IOException {
        Cli.requireDirectory(warehouse, "仓库", "warehouse");
        if (keep < 1) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--keep must be at least 1");
        WarehouseDir dir = new WarehouseDir(warehouse);
        Snapshot from = dir.requireCurrent();
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(Instant.now()) + "-marts";
        long start = System.nanoTime();
        Snapshot to = dir.derive(from, id);
        Catalog catalog = Catalog.standard();
        new MartBuilder(catalog).build(to);
        // the manifest marks a snapshot complete; the returns behind it are those of the run that wrote `from`
        if (Files.exists(from.manifest())) Files.copy(from.manifest(), to.manifest());
        else Files.writeString(to.manifest(), "{\"derived_from\": \"" + from.id() + "\"}\n");
        dir.publish(to);
        dir.retain(keep);
        System.out.printf("published snapshot %s: %d indicators recomputed from snapshot %s in %.1f s%n",
                to.id(), catalog.indicators().size(), from.id(), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
