package grassroots.warehouse.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** The warehouse's own commands (no Spark, no web): {@code sql}, {@code marts} ({@code generate} is the sample module's). */
@Command(name = "grassroots", subcommands = {SqlCommand.class, MartsCommand.class}, mixinStandardHelpOptions = true)
public final class WarehouseMain implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("grassroots: name a command: sql, marts");
        return 2;
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new WarehouseMain(), args));
    }
}
