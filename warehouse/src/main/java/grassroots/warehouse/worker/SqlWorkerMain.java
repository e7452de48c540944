package grassroots.warehouse.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.store.RowScope;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotViews;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process that runs researchers' SQL for the server, one query at a time, so that a query that crashes DuckDB, aborts
 * the process or runs away ends this process and never the server's. Requests and answers are JSON lines on standard
 * input and output ({@link WorkerProtocol}); the server kills and replaces a worker that overruns its deadline.
 * It holds one workbench per region scope of the snapshot it was last asked about.
 */
public final class SqlWorkerMain {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Workbenches kept open (one DuckDB instance each); the least recently used beyond this are closed. */
    private static final int KEEP = 4;

    private final Catalog catalog = Catalog.standard();
    private final Workbench.Limits limits = Workbench.Limits.standard();
    private final Map<String, Workbench> open = new LinkedHashMap<>(16, 0.75f, true);
    private String snapshotDir;
    private final BufferedWriter out;

    private SqlWorkerMain(BufferedWriter out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        // stdout is the channel to the server: anything else a library prints must not corrupt it
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        SqlWorkerMain worker = new SqlWorkerMain(out);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        worker.send(Map.of(WorkerProtocol.READY, true));
        out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isBlank()) worker.handle(JSON.readTree(line));
        }
    }

    private void handle(JsonNode request) throws IOException {
        try {
            Workbench bench = workbench(request.path("snapshot").asText(), request.path("scope").asText("CN"));
            switch (request.path("op").asText("run")) {
                case "views" -> views(bench);
                case "validate" -> {
                    bench.validateOnly(request.path("sql").asText());
                    send(Map.of(WorkerProtocol.END, Map.of("rows", 0)));
                }
                default -> run(bench, request.path("sql").asText(), request.path("max_rows").asInt(10_000));
            }
        } catch (Workbench.Refused e) {
            send(Map.of(WorkerProtocol.ERROR, e.text()));
        } catch (RuntimeException e) {
            send(Map.of(WorkerProtocol.ERROR, Text.of("查询失败", "the query failed")));
        }
        out.flush();
    }

    private void run(Workbench bench, String sql, int maxRows) throws IOException {
        Workbench.Answer answer = bench.answer(sql, maxRows, new Workbench.Sink() {
            public void columns(List<Workbench.Column> columns) throws IOException {
                send(Map.of(WorkerProtocol.COLUMNS, columns));
            }

            public void row(Object[] values) throws IOException {
                send(Map.of(WorkerProtocol.ROW, values));
            }
        });
        ObjectNode end = JSON.createObjectNode().put("rows", answer.rows()).put("bytes", answer.bytes());
        if (answer.truncated()) end.set("truncated", JSON.valueToTree(answer.truncatedBecause()));
        send(Map.of(WorkerProtocol.END, end));
    }

    private void views(Workbench bench) throws IOException {
        List<Map<String, Object>> views = new java.util.ArrayList<>();
        for (SnapshotViews.View v : bench.views()) {
            views.add(Map.of("name", v.name(), "description", v.description(), "columns", bench.describe(v.name())));
        }
        send(Map.of(WorkerProtocol.VIEWS, views));
    }

    /** The workbench of a scope; a request about a newer snapshot closes every workbench of the older one. */
    private Workbench workbench(String dir, String scope) {
        if (!dir.equals(snapshotDir)) {
            open.values().forEach(Workbench::close);
            open.clear();
            snapshotDir = dir;
        }
        Workbench bench = open.get(scope);
        if (bench == null) {
            Path path = Path.of(dir);
            bench = Workbench.open(new Snapshot(path.getFileName().toString(), path), catalog, limits, new RowScope(scope));
            open.put(scope, bench);
            if (open.size() > KEEP) {
                String eldest = open.keySet().iterator().next();
                open.remove(eldest).close();
            }
        }
        return bench;
    }

    private void send(Object message) throws IOException {
        out.write(JSON.writeValueAsString(message));
        out.write('\n');
    }
}
