package grassroots.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The bench signs in like any script does: a national admin made with {@code ./grassroots users add} (password on
 * standard input) and a personal API token from {@code ./grassroots users token}, sent as {@code Authorization: Bearer}.
 */
final class BenchUser {
    static final String NAME = "bench";

    private BenchUser() {}

    /** A new API token of the bench's user on {@code warehouse} (the user is made on first use). */
    static String token(Path root, Path warehouse) {
        return token(root, warehouse, NAME, "admin");
    }

    /** A new API token of user {@code name} with {@code role} and a national scope (made on first use). */
    static String token(Path root, Path warehouse, String name, String role) {
        String launcher = ensureUser(root, warehouse, name, role);
        String out = run(root, List.of(launcher, "users", "token", name, "--label", "bench", "--warehouse", warehouse.toString()), null);
        return out.lines().filter(l -> l.startsWith("grt_")).findFirst()
                .orElseThrow(() -> new IllegalStateException("./grassroots users token printed no token: " + out));
    }

    /** A one-time sign-in token of the bench's user, for a browser ({@code /signin?token=…}); before the server starts. */
    static String link(Path root, Path warehouse) {
        String launcher = ensureUser(root, warehouse, NAME, "admin");
        String out = run(root, List.of(launcher, "users", "link", NAME, "--warehouse", warehouse.toString()), null);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("./grassroots users link printed no token"));
    }

    private static String ensureUser(Path root, Path warehouse, String name, String role) {
        String launcher = root.resolve("grassroots").toString();
        if (!run(root, List.of(launcher, "users", "list", "--warehouse", warehouse.toString()), null).contains("\n" + name + "\t")) {
            run(root, List.of(launcher, "users", "add", name, "--role", role, "--scope", "CN", "--warehouse", warehouse.toString()),
                    UUID.randomUUID() + "\n");
        }
        return launcher;
    }

    private static String run(Path root, List<String> command, String stdin) {
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command.subList(1, command.size())) + " failed:\n" + out);
            return "\n" + out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
