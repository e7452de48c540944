package grassroots.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the API with wrk (a standard HTTP load generator, a Debian package): one run per endpoint and number of
 * connections, each request taken from a list of real dashboard requests, so that the server answers many different
 * questions rather than one cached one. wrk's Lua {@code done} hook prints the exact latency percentiles.
 */
final class LoadTest {
    /** One wrk run's result. */
    record Run(String endpoint, int connections, long requests, double seconds, long errors, double p50Ms, double p95Ms,
               double p99Ms, long serverRssBytes) {
        double throughput() { return requests / seconds; }
    }

    private static final Pattern RESULT = Pattern.compile(
            "wrk-result requests=(\\d+) duration_us=(\\d+) errors=(\\d+) p50_us=(\\d+) p95_us=(\\d+) p99_us=(\\d+)");

    private final String baseUrl;
    private final Path scripts;
    private final Child server;

    private final String token;
    private final HttpClient http = HttpClient.newHttpClient();

    LoadTest(String baseUrl, Path scripts, Child server, String token) {
        this.token = token;
        this.baseUrl = baseUrl;
        this.scripts = scripts;
        this.server = server;
    }

    /** Runs every endpoint at every number of connections, after a warm-up of the same mix. */
    List<Run> run(Map<String, List<String>> requestsByEndpoint, int[] connections, int seconds) {
        List<Run> runs = new ArrayList<>();
        for (var e : requestsByEndpoint.entrySet()) once(e.getKey(), e.getValue(), 8, Math.max(2, seconds / 3));
        for (int c : connections) {
            for (var e : requestsByEndpoint.entrySet()) runs.add(once(e.getKey(), e.getValue(), c, seconds));
        }
        return runs;
    }

    Run once(String endpoint, List<String> requests, int connections, int seconds) {
        Path script = script(endpoint, requests);
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "10s",
                "-H", "Authorization: Bearer " + token, "-s", script.toString(), baseUrl);
        Child.Outcome o = Child.run(command, scripts, null).requireSuccess("wrk on " + endpoint);
        long rss = server.rssBytes();
        drain(requests.get(0));
        for (String line : o.output()) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                Run r = new Run(endpoint, connections, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6,
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)) / 1e3, Long.parseLong(m.group(5)) / 1e3,
                        Long.parseLong(m.group(6)) / 1e3, rss);
                System.out.printf(Locale.ROOT, "    %-13s %3d conn: %8.0f req/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%s%n",
                        endpoint, connections, r.throughput(), r.p50Ms(), r.p95Ms(), r.p99Ms(),
                        r.errors() > 0 ? "  " + r.errors() + " errors" : "");
                return r;
            }
        }
        throw new IllegalStateException("wrk printed no result for " + endpoint + ":\n  " + String.join("\n  ", o.output()));
    }

    /**
     * Waits until the server has finished what the run left behind: when wrk stops, its connections' requests still
     * run (and queue for the warehouse's queries), and the next run would pay for them. One more request of the same
     * kind waits its turn behind them; a 503 (it waited too long) is asked again, within a minute in all.
     */
    private void drain(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try {
            while (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 503) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the server stayed busy for a minute after wrk on " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The Lua script of one endpoint: each thread walks the request list from its own offset; a non-2xx answer or a
     * socket error counts as an error.
     */
    private Path script(String endpoint, List<String> requests) {
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String r : requests) lua.append("  \"").append(r.replace("\\", "\\\\").replace("\"", "\\\"")).append("\",\n");
        lua.append("""
                }
                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("offset", threads * 7919)
                end
                local i = 0
                function init(args)
                  i = offset or 0
                end
                function request()
                  i = i + 1
                  return wrk.format("GET", paths[(i % #paths) + 1])
                end
                function done(summary, latency, requests)
                  local e = summary.errors
                  io.write(string.format("wrk-result requests=%d duration_us=%d errors=%d p50_us=%d p95_us=%d p99_us=%d\\n",
                    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
                    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
                end
                """);
        try {
            Files.createDirectories(scripts);
            Path file = scripts.resolve("wrk-" + endpoint + ".lua");
            Files.writeString(file, lua);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
