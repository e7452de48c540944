package grassroots.warehouse.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.RowScope;
import grassroots.warehouse.store.Snapshot;
import grassroots.warehouse.store.SnapshotViews;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.math.BigInteger;
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
 * threads, and locked settings. A query must be exactly one read-only SELECT (checked by DuckDB's own parser before it
 * runs), is interrupted after a timeout, and returns at most a capped number of rows.
 */
public final class Workbench implements AutoCloseable {
    /** What a query may use. */
    public record Limits(int timeoutSeconds, String memoryLimit, int threads) {
        public static Limits standard() {
            return new Limits(Integer.getInteger("grassroots.sql.timeout", 30),
                    System.getProperty("grassroots.sql.memory", "1GB"), Integer.getInteger("grassroots.sql.threads", 2));
        }
    }

    public record Column(String name, String type) {}

    /** Receives a result row by row (so large CSV downloads need not be held in memory). */
    public interface Sink {
        void columns(List<Column> columns) throws Exception;

        void row(Object[] values) throws Exception;
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

    private Workbench(DuckDBConnection db, Limits limits, List<SnapshotViews.View> views) {
        this.db = db;
        this.limits = limits;
        this.views = views;
    }

    public static Workbench open(Snapshot snapshot, Catalog catalog, Limits limits) {
        return open(snapshot, catalog, limits, RowScope.NATION);
    }

    /** A workbench whose every view holds only the rows inside {@code scope}. */
    public static Workbench open(Snapshot snapshot, Catalog catalog, Limits limits, RowScope scope) {
        DuckDBConnection db = Duck.open();
        List<SnapshotViews.View> views = SnapshotViews.create(db, snapshot, catalog, scope);
        SnapshotViews.lockDown(db, snapshot, limits.memoryLimit(), limits.threads());
        return new Workbench(db, limits, views);
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

    /** Runs one read-only query, handing at most {@code maxRows} rows to the sink; returns whether rows were cut off. */
    public boolean run(String sql, int maxRows, Sink sink) {
        String query = validate(sql);
        try (Connection c = db.duplicate(); Statement s = c.createStatement()) {
            s.setQueryTimeout(limits.timeoutSeconds());
            // The cap is part of the query, so DuckDB stops producing rows past it (setMaxRows is a no-op in its driver).
            // on one line with the query's first line, so that DuckDB's "LINE n" in errors is the user's line n
            try (ResultSet rs = s.executeQuery("SELECT * FROM (" + query + "\n) LIMIT " + ((long) maxRows + 1))) {
                ResultSetMetaData md = rs.getMetaData();
                List<Column> columns = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) columns.add(new Column(md.getColumnLabel(i), md.getColumnTypeName(i)));
                sink.columns(columns);
                int n = 0;
                while (rs.next()) {
                    if (++n > maxRows) return true;
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) row[i] = plain(rs.getObject(i + 1));
                    sink.row(row);
                }
                return false;
            }
        } catch (SQLException e) {
            String m = userMessage(Duck.message(e));
            if (m.contains("Interrupted") || m.contains("interrupted")) {
                throw new Refused(Text.of("查询超过" + limits.timeoutSeconds() + "秒，已中止",
                        "the query ran longer than " + limits.timeoutSeconds() + " s and was stopped"));
            }
            throw new Refused(Text.of("查询失败：" + m, "the query failed: " + m));
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Checks a query without running it (throws {@link Refused} when it would be refused). */
    public void validateOnly(String sql) {
        validate(sql);
    }

    /**
     * Accepts exactly one SELECT statement, as DuckDB's parser sees it ({@code json_serialize_sql} serialises nothing
     * else), and returns it without a trailing semicolon.
     */
    String validate(String sql) {
        String q = sql == null ? "" : sql.strip();
        while (q.endsWith(";")) q = q.substring(0, q.length() - 1).strip();
        if (q.isEmpty()) throw new Refused(Text.of("查询为空", "the query is empty"));
        JsonNode parsed;
        try (Connection c = db.duplicate(); PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            ps.setString(1, q);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                parsed = JSON.readTree(rs.getString(1));
            }
        } catch (Exception e) {
            throw new Refused(Text.of("无法解析查询：" + e.getMessage(), "cannot parse the query: " + e.getMessage()));
        }
        if (parsed.path("error").asBoolean(false)) {
            String why = parsed.path("error_message").asText("");
            if (why.contains("Only SELECT")) {
                throw new Refused(Text.of("只允许只读查询(SELECT)：不能修改数据、设置参数、加载扩展或读写其他文件",
                        "only read-only queries (SELECT) are allowed: no changes, settings, extensions or other files"));
            }
            throw new Refused(Text.of("查询有语法错误：" + why, "syntax error: " + why));
        }
        if (parsed.path("statements").size() != 1) {
            throw new Refused(Text.of("一次只能执行一条查询语句", "exactly one statement at a time"));
        }
        return q;
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
