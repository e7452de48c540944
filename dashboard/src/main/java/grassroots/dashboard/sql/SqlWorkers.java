package grassroots.dashboard.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import grassroots.dashboard.ApiError;
import grassroots.warehouse.Text;
import grassroots.warehouse.query.Workbench;
import grassroots.warehouse.worker.WorkerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Researchers' queries run in worker processes, never in the server: a query that crashes or aborts DuckDB, or runs out
 * of memory, ends its worker and the server answers on. A fixed number of workers bounds what SQL may cost at once;
 * each user may run a few queries at a time; a request beyond either gets 429 at once, not a place in an endless queue.
 * A deadline covers the whole answer, streaming to a slow client included: at the deadline the worker is killed.
 */
public final class SqlWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqlWorkers.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How many workers, per-user concurrency, the deadline and what each worker may use: DuckDB memory, threads, JVM
     * heap, bytes of answer, and disk to spill to beyond its memory (a join over every unit and year needs more than
     * a gigabyte; each worker spills into a directory of its own, removed when it ends).
     */
    public record Options(int workers, int perUser, Duration timeout, String duckdbMemory, int threads, int heapMb, long maxBytes,
                          String maxSpill) {
        public static Options standard() {
            return new Options(2, 2, Duration.ofSeconds(30), "1GB", 1, 256, Workbench.Limits.DEFAULT_MAX_BYTES, "4GB");
        }

        public Options withWorkers(int n) {
            return new Options(n, perUser, timeout, duckdbMemory, threads, heapMb, maxBytes, maxSpill);
        }

        public Options withTimeout(Duration t) {
            return new Options(workers, perUser, t, duckdbMemory, threads, heapMb, maxBytes, maxSpill);
        }

        public Options withPerUser(int n) {
            return new Options(workers, n, timeout, duckdbMemory, threads, heapMb, maxBytes, maxSpill);
        }

        public Options withMemory(String duckdb, String spill) {
            return new Options(workers, perUser, timeout, duckdb, threads, heapMb, maxBytes, spill);
        }
    }

    private final Options options;
    private final Semaphore slots;
    private final ConcurrentLinkedQueue<WorkerProcess> idle = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sql-watchdog");
        t.setDaemon(true);
        return t;
    });

    public SqlWorkers(Options options) {
        this.options = options;
        this.slots = new Semaphore(options.workers(), true);
    }

    /**
     * Starts the workers in the background, so that the first query need not wait for a JVM to start. The server calls
     * it once it listens: the workers' start would otherwise take the cores from its own.
     */
    public void warm() {
        Thread warm = new Thread(() -> {
            for (int i = 0; i < options.workers(); i++) {
                try {
                    idle.add(WorkerProcess.start(options));
                } catch (IOException e) {
                    log.warn("an SQL worker did not start: {}", e.getMessage());
                }
            }
        }, "sql-workers-warm");
        warm.setDaemon(true);
        warm.start();
    }

    public Options options() { return options; }

    /** Runs a query for {@code user} over the snapshot's views as {@code scope} sees them; rows go to the sink. */
    public Workbench.Answer run(String user, String snapshotDir, String scope, String sql, int maxRows, Workbench.Sink sink) {
        ObjectNode request = request("run", snapshotDir, scope).put("sql", sql).put("max_rows", maxRows);
        return exchange(user, request, reply -> {
            if (reply.has(WorkerProtocol.COLUMNS)) {
                List<Workbench.Column> columns = new ArrayList<>();
                for (JsonNode c : reply.get(WorkerProtocol.COLUMNS)) columns.add(new Workbench.Column(c.path("name").asText(), c.path("type").asText()));
                sink.columns(columns);
            } else if (reply.has(WorkerProtocol.ROW)) {
                JsonNode row = reply.get(WorkerProtocol.ROW);
                Object[] values = new Object[row.size()];
                for (int i = 0; i < values.length; i++) values[i] = plain(row.get(i));
                sink.row(values);
            } else if (reply.has(WorkerProtocol.END)) {
                JsonNode end = reply.get(WorkerProtocol.END);
                Text why = end.has("truncated") ? JSON.treeToValue(end.get("truncated"), Text.class) : null;
                if (why != null) sink.truncated(why);
                return new Workbench.Answer(end.path("rows").asLong(), end.path("bytes").asLong(), why);
            }
            return null;
        });
    }

    /** Refuses a query the allow-list would refuse, without running it (before a download's headers go out). */
    public void validate(String user, String snapshotDir, String scope, String sql) {
        exchange(user, request("validate", snapshotDir, scope).put("sql", sql), reply -> reply.has(WorkerProtocol.END) ? Boolean.TRUE : null);
    }

    /** The views as the scope sees them, with their descriptions and columns. */
    public JsonNode views(String user, String snapshotDir, String scope) {
        return exchange(user, request("views", snapshotDir, scope), reply -> reply.get(WorkerProtocol.VIEWS));
    }

    private static ObjectNode request(String op, String snapshotDir, String scope) {
        return JSON.createObjectNode().put("op", op).put("snapshot", snapshotDir).put("scope", scope);
    }

    @FunctionalInterface
    private interface Reply<T> {
        /** The result once the answer is complete; null while more messages are expected. */
        T accept(JsonNode message) throws Exception;
    }

    private <T> T exchange(String user, ObjectNode request, Reply<T> reply) {
        AtomicInteger mine = running.computeIfAbsent(user, u -> new AtomicInteger());
        if (mine.incrementAndGet() > options.perUser()) {
            mine.decrementAndGet();
            throw ApiError.tooMany("您已有" + options.perUser() + "个查询在运行，请等它们结束", "you already have " + options.perUser() + " queries running: wait for them to finish");
        }
        boolean slot = false;
        WorkerProcess worker = null;
        boolean reusable = false;
        AtomicBoolean overran = new AtomicBoolean();
        ScheduledFuture<?> deadline = null;
        try {
            slot = slots.tryAcquire(2, TimeUnit.SECONDS);
            if (!slot) throw ApiError.tooMany("查询工作进程都在忙，请稍后再试", "every SQL worker is busy: try again shortly");
            worker = take();
            WorkerProcess w = worker;
            // the workbench stops a query at the timeout itself; the kill is for a worker that does not (or a slow client)
            deadline = watchdog.schedule(() -> {
                overran.set(true);
                w.kill();
            }, options.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            worker.send(request);
            while (true) {
                JsonNode message = worker.next();
                if (message == null) {
                    if (overran.get()) throw new Workbench.Refused(Text.of("查询超过时限(" + options.timeout().toSeconds() + "秒)，已中止",
                            "the query ran past its deadline (" + options.timeout().toSeconds() + " s) and was stopped"));
                    log.warn("an SQL worker ended during a query of {}", user);
                    throw new ApiError(503, Text.of("查询使工作进程意外结束(已自动重启)，请简化查询后重试",
                            "the query ended its worker process (restarted): simplify the query and try again"));
                }
                if (message.has(WorkerProtocol.ERROR)) {
                    reusable = true;
                    Text error = JSON.treeToValue(message.get(WorkerProtocol.ERROR), Text.class);
                    throw new Workbench.Refused(withoutPaths(error, request.path("snapshot").asText()));
                }
                T result = reply.accept(message);
                if (result != null) {
                    reusable = true;
                    return result;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, Text.of("查询被中断", "the query was interrupted"));
        } catch (ApiError | Workbench.Refused e) {
            throw e;
        } catch (Exception e) {
            // the client went away or could not keep up: the worker's state mid-answer is unknown
            throw new IllegalStateException("SQL answer not delivered: " + e.getMessage(), e);
        } finally {
            if (deadline != null) deadline.cancel(false);
            if (worker != null) {
                if (reusable && !overran.get() && worker.alive()) idle.add(worker);
                else worker.kill();
            }
            if (slot) slots.release();
            mine.decrementAndGet();
        }
    }

    /** A refusal may quote what the query named; the server's own directories are never shown (relative from the warehouse on). */
    static Text withoutPaths(Text t, String snapshotDir) {
        java.nio.file.Path snapshot = java.nio.file.Path.of(snapshotDir);
        java.nio.file.Path warehouse = snapshot.getParent() == null || snapshot.getParent().getParent() == null ? snapshot : snapshot.getParent().getParent();
        String root = warehouse.toString();
        return Text.of(t.zh().replace(root + "/", "").replace(root, "…"), t.en().replace(root + "/", "").replace(root, "…"));
    }

    private WorkerProcess take() throws IOException {
        for (WorkerProcess w; (w = idle.poll()) != null; ) {
            if (w.alive()) return w;
        }
        return WorkerProcess.start(options);
    }

    private static Object plain(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isIntegralNumber()) return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        if (v.isNumber()) return v.doubleValue();
        if (v.isBoolean()) return v.booleanValue();
        return v.asText();
    }

    /** Process ids of the idle workers (for tests and the operator). */
    public List<Long> idlePids() {
        return idle.stream().filter(WorkerProcess::alive).map(WorkerProcess::pid).toList();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        for (WorkerProcess w; (w = idle.poll()) != null; ) w.close();
    }
}
