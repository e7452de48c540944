package grassroots.warehouse.worker;

/**
 * The SQL worker's protocol: one JSON object per line. A request is {@code {op: run|validate|views, snapshot, scope,
 * sql, max_rows}}; the answer is {@code {columns: […]}}, one {@code {row: […]}} per row and {@code {end: {rows, bytes,
 * truncated?}}}, or {@code {views: […]}}, or {@code {error: {zh, en}}}. The worker says {@code {ready: true}} once,
 * when it starts.
 */
public final class WorkerProtocol {
    public static final String READY = "ready";
    public static final String COLUMNS = "columns";
    public static final String ROW = "row";
    public static final String END = "end";
    public static final String VIEWS = "views";
    public static final String ERROR = "error";

    /** The main class the server starts in a JVM of its own. */
    public static final String MAIN = "grassroots.warehouse.worker.SqlWorkerMain";

    private WorkerProtocol() {}
}
