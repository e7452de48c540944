package grassroots.warehouse.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.query.sandbox.FunctionPolicy;
import grassroots.warehouse.query.sandbox.SqlAllowList;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.RowScope;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotViews;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Researchers' SQL over a snapshot's documented views, in a sandbox: a DuckDB instance of its own (so a heavy query
 * cannot starve the API) that reads only the snapshot's directory, has no network, no extensions, limited memory and
 * threads, no spilling to disk (or spilling bounded, outside the snapshot), and locked settings. A query must be
 * exactly one SELECT whose whole parsed tree passes {@link SqlAllowList} (the views, its own WITH names, and functions
 * classified as harmless) before it runs; it is interrupted after a timeout, and its answer is capped in rows and bytes.
 * DuckDB's own advice stands: run untrusted SQL in a process that may die.
 */
public final class Workbench implements AutoCloseable {
    /**
     * What a query may use: seconds, DuckDB memory, threads, bytes of answer (cells as text), and where it may spill
     * intermediate results ({@code spillDirectory} null: nowhere, a query that needs more memory fails) up to
     * {@code maxSpill}.
     */
    public record Limits(int timeoutSeconds, String memoryLimit, int threads, long maxBytes, Path spillDirectory, String maxSpill) {
        public static final long DEFAULT_MAX_BYTES = 64L << 20;

        public Limits(int timeoutSeconds, String memoryLimit, int threads) {
            this(timeoutSeconds, memoryLimit, threads, DEFAULT_MAX_BYTES, null, null);
        }

        public static Limits standard() {
            String spill = System.getProperty("grassroots.sql.spill");
            return new Limits(Integer.getInteger("grassroots.sql.timeout", 30),
                    System.getProperty("grassroots.sql.memory", "1GB"), Integer.getInteger("grassroots.sql.threads", 2),
                    Long.getLong("grassroots.sql.bytes", DEFAULT_MAX_BYTES), spill == null || spill.isBlank() ? null : Path.of(spill),
                    System.getProperty("grassroots.sql.spill.max", "4GB"));
        }

        public Limits withMaxBytes(long bytes) {
            return new Limits(timeoutSeconds, memoryLimit, threads, bytes, spillDirectory, maxSpill);
        }

        public Limits withSpill(Path directory, String max) {
            return new Limits(timeoutSeconds, memoryLimit, threads, maxBytes, directory, max);
        }
    }

    /** How an answer ended: rows and bytes handed to the sink, and why it stopped early (null when it is complete). */
    public record Answer(long rows, long bytes, Text truncatedBecause) {
        public boolean truncated() { return truncatedBecause != null; }
    }

    public record Column(String name, String type) {}

    /** Receives a result row by row (so large CSV downloads need not be held in memory). */
    public interface Sink {
        void columns(List<Column> columns) throws Exception;

        void row(Object[] values) throws Exception;

        /** Called once, after the last row, when the answer was cut short (row or byte cap), with the reason. */
        default void truncated(Text reason) throws Exception {}
    }

    /** A query the workbench will not run, or that failed, with the reason in both languages. */
    public static final class Refused extends RuntimeException {
        private final Text text;

        public Refused(Text text) {
            super(text.bilingual());
            this.text = text;
        }

        public Text text() { return text; }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DuckDBConnection db;
    private final Limits limits;
    private final List<SnapshotViews.View> views;
    private final SqlAllowList allowList;

    private Workbench(DuckDBConnection db, Limits limits, List<SnapshotViews.View> views) {
        this.db = db;
        this.limits = limits;
        this.views = views;
        this.allowList = new SqlAllowList(views.stream().map(SnapshotViews.View::name).toList(), FunctionPolicy.standard());
    }

    public static Workbench open(Snapshot snapshot, Catalog catalog, Limits limits) {
        return open(snapshot, catalog, limits, RowScope.NATION);
    }

    /** A workbench whose every view holds only the rows inside {@code scope}. */
    public static Workbench open(Snapshot snapshot, Catalog catalog, Limits limits, RowScope scope) {
        DuckDBConnection db = Duck.open();
        try {
            List<SnapshotViews.View> views = SnapshotViews.create(db, snapshot, catalog, scope);
            spill(db, snapshot, limits);
            SnapshotViews.lockDown(db, snapshot, limits.memoryLimit(), limits.threads());
            return new Workbench(db, limits, views);
        } catch (RuntimeException e) {
            try {
                db.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * An in-memory DuckDB spills to {@code .tmp} in the working directory by default: off, or into the configured
     * directory (never inside the snapshot, which must stay as published) up to a size. Set before the lock.
     */
    private static void spill(DuckDBConnection db, Snapshot snapshot, Limits limits) {
        if (limits.spillDirectory() == null) {
            Duck.exec(db, "SET temp_directory = ''");
            return;
        }
        Path dir = limits.spillDirectory().toAbsolutePath().normalize();
        if (dir.startsWith(snapshot.dir().toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the workbench's spill directory must be outside the snapshot: " + dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Duck.exec(db, "SET temp_directory = " + Duck.literal(dir.toString()));
        Duck.exec(db, "SET max_temp_directory_size = " + Duck.literal(limits.maxSpill() == null ? "1GB" : limits.maxSpill()));
    }

    public List<SnapshotViews.View> views() { return views; }

    /** The columns of each view, for the workbench's documentation. */
    public List<Column> describe(String view) {
        if (views.stream().noneMatch(v -> v.name().equals(view))) throw new Refused(Text.of("没有这个视图：" + view, "no such view: " + view));
        List<Column> out = new ArrayList<>();
        try (Connection c = db.duplicate(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("DESCRIBE " + view)) {
            while (rs.next()) out.add(new Column(rs.getString(1), rs.getString(2)));
        } catch (SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        return out;
    }

    /** Runs one read-only query, handing at most {@code maxRows} rows to the sink; returns whether it was cut off. */
    public boolean run(String sql, int maxRows, Sink sink) {
        return answer(sql, maxRows, sink).truncated();
    }

    /**
     * Runs one read-only query, handing the sink at most {@code maxRows} rows and about {@link Limits#maxBytes()} bytes
     * (cells counted as UTF-8 text); an answer cut short says why.
     */
    public Answer answer(String sql, int maxRows, Sink sink) {
        String query = validate(sql);
        try (Connection c = db.duplicate(); Statement s = c.createStatement()) {
            s.setQueryTimeout(limits.timeoutSeconds());
            // The cap is part of the query, so DuckDB stops producing rows past it (setMaxRows is a no-op in its driver).
            try (ResultSet rs = s.executeQuery(wrap(query, (long) maxRows + 1))) {
                ResultSetMetaData md = rs.getMetaData();
                List<Column> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
                sink.columns(columns);
                long n = 0, bytes = 0;
                while (rs.next()) {
                    if (n == maxRows) return cut(sink, n, bytes, Text.of("结果超过" + maxRows + "行，只返回前" + maxRows + "行",
                            "more than " + maxRows + " rows: only the first " + maxRows + " are returned"));
                    Object[] row = new Object[columns.size()];
                    long size = 1;
                    for (int i = 0; i < row.length; i++) {
                        row[i] = plain(rs.getObject(i + 1));
                        size += 1 + textBytes(row[i]);
                    }
                    if (bytes + size > limits.maxBytes()) {
                        return cut(sink, n, bytes, Text.of("结果超过" + megabytes(limits.maxBytes()) + "，只返回前" + n + "行",
                                "the answer exceeds " + megabytes(limits.maxBytes()) + ": only the first " + n + " rows are returned"));
                    }
                    bytes += size;
                    n++;
                    sink.row(row);
                }
                return new Answer(n, bytes, null);
            }
        } catch (SQLException e) {
            String m = userMessage(Duck.message(e));
            if (m.contains("Interrupted") || m.contains("interrupted")) {
                throw new Refused(Text.of("查询超过" + limits.timeoutSeconds() + "秒，已中止",
                        "the query ran longer than " + limits.timeoutSeconds() + " s and was stopped"));
            }
            if (Duck.outOfMemory(m)) {
                // DuckDB's advice (SET memory_limit, temp_directory) is locked here: keep its first paragraph (what failed,
                // whether the spill limit was reached) and say what the researcher can do
                String first = m.split("\\n\\s*\\n", 2)[0].strip();
                String limit = limits.memoryLimit() + (limits.spillDirectory() == null ? "" : " + " + (limits.maxSpill() == null ? "1GB" : limits.maxSpill()));
                throw new Refused(Text.of("查询失败：所需内存超过限额(" + limit + ")：请先聚合、缩小范围或减少连接的行数。" + first,
                        "the query failed: it needs more memory than a query may use (" + limit + "): aggregate first, narrow it or join fewer rows. " + first));
            }
            throw new Refused(Text.of("查询失败：" + m, "the query failed: " + m));
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Answer cut(Sink sink, long rows, long bytes, Text why) throws Exception {
        sink.truncated(why);
        return new Answer(rows, bytes, why);
    }

    /**
     * The text that runs: the query as a subquery under the row cap, on one line with the query's first line so that
     * DuckDB's "LINE n" in errors is the user's line n. It is what the allow-list checks, so that no trick of the
     * query's text can read differently once wrapped.
     */
    private static String wrap(String query, long limit) {
        return "SELECT * FROM (" + query + "\n) LIMIT " + limit;
    }

    private static long textBytes(Object v) {
        if (v == null) return 0;
        if (v instanceof Number || v instanceof Boolean) return v.toString().length();
        String s = (String) v;
        long n = s.length();
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) n += s.charAt(i) >= 0x800 ? 2 : 1;
        return n;
    }

    private static String megabytes(long bytes) {
        return bytes >= (1L << 20) ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Checks a query without running it (throws {@link Refused} when it would be refused). */
    public void validateOnly(String sql) {
        validate(sql);
    }

    /**
     * Accepts exactly one SELECT statement, as DuckDB's parser sees it ({@code json_serialize_sql} serialises nothing
     * else), whose wrapped form passes the allow-list; returns it without a trailing semicolon.
     */
    String validate(String sql) {
        String q = sql == null ? "" : sql.strip();
        while (q.endsWith(";")) q = q.substring(0, q.length() - 1).strip();
        if (q.isEmpty()) throw new Refused(Text.of("查询为空", "the query is empty"));
        JsonNode parsed = parse(q);
        if (parsed.path("error").asBoolean(false)) {
            String why = parsed.path("error_message").asText("");
            if (why.contains("Only SELECT")) {
                if (q.regionMatches(true, 0, "PIVOT", 0, 5)) {
                    throw new Refused(Text.of("PIVOT 需要写明取值：PIVOT … ON 列 IN (值1, 值2) USING …",
                            "PIVOT needs its values spelled out: PIVOT … ON column IN (value1, value2) USING …"));
                }
                throw new Refused(Text.of("只允许只读查询(SELECT)：不能修改数据、设置参数、加载扩展或读写其他文件",
                        "only read-only queries (SELECT) are allowed: no changes, settings, extensions or other files"));
            }
            throw new Refused(Text.of("查询有语法错误：" + why, "syntax error: " + why));
        }
        if (parsed.path("statements").size() != 1) {
            throw new Refused(Text.of("一次只能执行一条查询语句", "exactly one statement at a time"));
        }
        allowList.check(parsed);
        JsonNode wrapped = parse(wrap(q, 1));
        if (wrapped.path("error").asBoolean(false)) {
            String why = wrapped.path("error_message").asText("");
            throw new Refused(Text.of("查询不能作为子查询运行：" + why, "the query cannot run as a subquery: " + why));
        }
        allowList.check(wrapped);
        return q;
    }

    private JsonNode parse(String q) {
        try (Connection c = db.duplicate(); PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, q);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return JSON.readTree(rs.getString(1));
            }
        } catch (Exception e) {
            throw new Refused(Text.of("无法解析查询：" + e.getMessage(), "cannot parse the query: " + e.getMessage()));
        }
    }

    /** DuckDB's JDBC driver puts its own wrapper line first; the user needs the database's error that follows. */
    static String userMessage(String m) {
        int at = m.indexOf("\nError: ");
        return at >= 0 ? m.substring(at + "\nError: ".length()).strip() : m;
    }

    /** JSON- and CSV-friendly values: numbers stay numbers, DuckDB's own types (lists, structs, dates) become text. */
    private static Object plain(Object o) {
        if (o == null || o instanceof String || o instanceof Boolean || o instanceof Integer || o instanceof Long
                || o instanceof Double || o instanceof Float || o instanceof Short || o instanceof Byte
                || o instanceof BigDecimal || o instanceof BigInteger) {
            return o;
        }
        return o.toString();
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // an in-memory sandbox holds nothing to lose
        }
    }
}
