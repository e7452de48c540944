package grassroots.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotViews;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typical researcher questions over the unit-level view (group-bys over every JC-1 row), asked twice: through the SQL
 * workbench ({@code POST /api/sql}: validation, sandbox, JSON over HTTP) and directly in DuckDB over the same views in
 * this process. Each is asked once to warm up, then {@value #RUNS} times; the median counts.
 */
final class ResearcherQueries {
    static final int RUNS = 5;

    record Query(String name, String sql) {}

    record Timing(Query query, long rows, double workbenchMs, double rawMs) {
        double overhead() { return workbenchMs / rawMs; }
    }

    static List<Query> queries(int lastYear) {
        return List.of(
                new Query("facility coverage by province and year",
                        "SELECT substr(unit_code, 1, 2) AS province, year, avg(has_service_facility) AS coverage\n"
                                + "FROM jc1 GROUP BY ALL ORDER BY ALL"),
                new Query("workers, volunteers and people by prefecture and year",
                        "SELECT substr(unit_code, 1, 4) AS prefecture, year, sum(community_workers) AS workers,\n"
                                + "  sum(registered_volunteers) AS volunteers, sum(population) AS population\n"
                                + "FROM jc1 GROUP BY ALL ORDER BY ALL"),
                new Query("social workers per 10,000 by county, " + lastYear,
                        "SELECT substr(unit_code, 1, 6) AS county, 1e4 * sum(certified_social_workers) / sum(population) AS density\n"
                                + "FROM jc1 WHERE year = " + lastYear + " GROUP BY ALL ORDER BY density DESC"),
                new Query("turnout, urban vs rural, by year (join with regions)",
                        "SELECT r.urban, j.year, sum(j.votes_cast) / sum(j.eligible_voters) AS turnout\n"
                                + "FROM jc1 j JOIN regions r ON r.code = j.unit_code AND j.year BETWEEN r.valid_from AND r.valid_to\n"
                                + "WHERE j.election_held = 1 GROUP BY ALL ORDER BY ALL"),
                new Query("spending per head: deciles by year",
                        "SELECT year, quantile_cont(1e4 * service_spending_10k_yuan / population, [0.1, 0.5, 0.9]) AS per_head\n"
                                + "FROM jc1 WHERE population > 0 GROUP BY year ORDER BY year"));
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROW_COUNT = Pattern.compile("\"row_count\":(\\d+)");
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Snapshot snapshot;

    private final String token;

    ResearcherQueries(String baseUrl, Snapshot snapshot, String token) {
        this.token = token;
        this.baseUrl = baseUrl;
        this.snapshot = snapshot;
    }

    List<Timing> run(List<Query> queries) {
        List<Timing> out = new ArrayList<>();
        try (DuckDBConnection raw = Duck.open()) {
            SnapshotViews.create(raw, snapshot, Catalog.standard());
            for (Query q : queries) {
                long[] rows = new long[2];
                double workbench = median(() -> rows[0] = viaWorkbench(q.sql()));
                double direct = median(() -> rows[1] = direct(raw, q.sql()));
                if (rows[0] != rows[1]) {
                    throw new IllegalStateException("'" + q.name() + "': the workbench gave " + rows[0] + " rows, DuckDB " + rows[1]);
                }
                Timing t = new Timing(q, rows[0], workbench, direct);
                System.out.printf(Locale.ROOT, "    %-55s %6d rows  workbench %7.1f ms  DuckDB %7.1f ms  ×%.2f%n",
                        q.name(), t.rows(), t.workbenchMs(), t.rawMs(), t.overhead());
                out.add(t);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        return out;
    }

    /** The median of {@value #RUNS} timed runs after an untimed one, in milliseconds. */
    private static double median(LongSupplier run) {
        run.getAsLong();
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            run.getAsLong();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    private long viaWorkbench(String sql) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/sql"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(java.util.Map.of("sql", sql)))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException("the workbench refused a query: " + response.body());
            // the whole answer has arrived; reading its rows is the client's work, not the workbench's
            Matcher m = ROW_COUNT.matcher(response.body());
            if (!m.find()) throw new IllegalStateException("the workbench's answer has no row_count: " + response.body());
            return Long.parseLong(m.group(1));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads every value, as the workbench does, so that both sides do the same work but the HTTP and JSON. */
    private static long direct(DuckDBConnection db, String sql) {
        long[] n = new long[1];
        try (var c = db.duplicate()) {
            Duck.each(c, sql, rs -> {
                for (int i = 1, columns = rs.getMetaData().getColumnCount(); i <= columns; i++) rs.getObject(i);
                n[0]++;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        return n[0];
    }
}
