package grassroots.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step 10: the newcomer's first command as the README gives it. A fresh clone of this commit runs
 * {@code ./grassroots demo} (its build with Maven's cache warm, the sample, the ETL, the users, the server), timed from
 * the command's start to the dashboard answering {@code /api/health}. Uncommitted changes are not in the clone.
 */
final class FreshDemo {
    /** How the demo went: its time to answering, and the times it printed for its own steps. */
    record Result(String commit, double seconds, int healthStatus, String generated, String etl, List<String> stages) {}

    private static final Pattern GENERATED = Pattern.compile("generated .*\\(([\\d.]+ s)\\)\\s*$");
    private static final Pattern PUBLISHED = Pattern.compile("\\((published), ([\\d.]+) s\\)");
    private static final Pattern STAGE_DONE = Pattern.compile("^\\s*done in ([\\d.]+ s)");
    private static final Pattern STAGE = Pattern.compile("^\\[\\d+]\\s+(.*?)\\s*…\\s*$");

    private FreshDemo() {}

    /**
     * Clones {@code root} (at {@code commit}, its HEAD) into {@code work}, runs its demo with {@code options} until it
     * answers, stops it, removes the clone.
     */
    static Result run(Path root, String commit, Path work, List<String> options) throws IOException, InterruptedException {
        Path clone = work.resolve("demo-clone");
        org.apache.commons.io.FileUtils.deleteDirectory(clone.toFile());
        Files.createDirectories(work);
        if (!Child.run(List.of("git", "-C", root.toString(), "status", "--porcelain", "--untracked-files=no"), root, null)
                .requireSuccess("git status").output().isEmpty()) {
            System.out.println("    │ note: the working tree has uncommitted changes; the clone has commit " + commit + " only");
        }
        Child.run(List.of("git", "clone", "--quiet", root.toString(), clone.toString()), work, "    │ ")
                .requireSuccess("git clone");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(clone.resolve("grassroots").toString(), "demo", "--port", Integer.toString(port)));
        command.addAll(options);
        long start = System.nanoTime();
        Result result;
        try (Child demo = Child.start(command, clone, "    │ ", line -> line.contains("dashboard ready"))) {
            int status = health(port);
            double seconds = (System.nanoTime() - start) / 1e9;
            result = summary(commit, seconds, status, demo.output());
        } finally {
            org.apache.commons.io.FileUtils.deleteDirectory(clone.toFile());
        }
        return result;
    }

    /** The demo's answer to {@code /api/health} right after it said it was ready (200: answering). */
    private static int health(int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Result summary(String commit, double seconds, int status, List<String> output) {
        String generated = "", etl = "";
        List<String> stages = new ArrayList<>();
        String stage = null;
        for (String line : output) {
            Matcher m;
            if ((m = GENERATED.matcher(line)).find()) generated = m.group(1);
            if ((m = PUBLISHED.matcher(line)).find()) etl = m.group(2) + " s";
            if ((m = STAGE.matcher(line)).find()) stage = m.group(1);
            if (stage != null && (m = STAGE_DONE.matcher(line)).find()) {
                stages.add(stage + ": " + m.group(1));
                stage = null;
            }
        }
        return new Result(commit, seconds, status, generated, etl, stages);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
