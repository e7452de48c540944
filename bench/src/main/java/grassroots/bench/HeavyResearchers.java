package grassroots.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Researchers running heavy queries through the workbench, each in a loop, for as long as the bench measures the API
 * beside them: the SQL runs in worker processes, so the dashboard's answers should barely notice.
 */
final class HeavyResearchers implements AutoCloseable {
    /** A full scan and group-by of the unit-level returns, with a median per county and year. */
    static final String HEAVY = "SELECT left(unit_code, 6) AS county, year, count(*) AS units, avg(population) AS mean, "
            + "quantile_cont(population, 0.5) AS median FROM jc1 GROUP BY ALL ORDER BY county, year";

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    final AtomicLong answered = new AtomicLong(), refused = new AtomicLong();

    HeavyResearchers(String baseUrl, List<String> tokens) {
        HttpClient http = HttpClient.newHttpClient();
        for (String token : tokens) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/sql"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + HEAVY + "\"}")).build(),
                                HttpResponse.BodyHandlers.discarding());
                        (r.statusCode() == 200 ? answered : refused).incrementAndGet();
                        if (r.statusCode() == 429) Thread.sleep(200); // the workers are busy: a researcher tries again shortly
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                }
            }, "heavy-researcher");
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
