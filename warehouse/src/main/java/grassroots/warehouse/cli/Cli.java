package grassroots.warehouse.cli;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/**
 * Runs a picocli command the way every Grassroots entry point does: bad input gets one line and exit code 2,
 * a failure one line (the cause chain, no stack trace unless GRASSROOTS_DEBUG is set) and exit code 1.
 */
public final class Cli {
    private Cli() {}

    /** A directory the user named that must exist: otherwise the one-line bilingual error every command gives. */
    public static void requireDirectory(java.nio.file.Path dir, String zh, String en) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(zh + "目录不存在 / " + en + " directory does not exist: " + dir);
        }
    }

    public static int run(Callable<Integer> command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("grassroots: " + ex.getMessage() + "  (--help for usage)");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (System.getenv("GRASSROOTS_DEBUG") != null) ex.printStackTrace();
            StringBuilder msg = new StringBuilder();
            for (Throwable t = ex; t != null; t = t.getCause()) {
                String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
                if (msg.indexOf(m) < 0) msg.append(msg.length() == 0 ? "" : ": ").append(m);
            }
            System.err.println("grassroots: " + msg);
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }
}
