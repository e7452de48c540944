package grassroots.warehouse.store;

import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Small helpers around DuckDB's JDBC driver: in-process, zero configuration. */
public final class Duck {
    private Duck() {}

    /** A new in-memory database. */
    public static DuckDBConnection open() {
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB", e);
        }
    }

    /** A database file, created if missing. */
    public static DuckDBConnection openFile(Path file) {
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open DuckDB database " + file + ": " + message(e), e);
        }
    }

    /**
     * With {@code -Dgrassroots.duck.profile=true} every statement run by {@link #exec} prints its time and the start of
     * its SQL (a profile); with {@code =full}, the whole SQL.
     */
    private static final String PROFILE_MODE = System.getProperty("grassroots.duck.profile", "");
    private static final boolean PROFILE = PROFILE_MODE.equals("true") || PROFILE_MODE.equals("full");

    public static void exec(Connection c, String sql) {
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            if (PROFILE) {
                String shown = sql.replaceAll("\\s+", " ");
                if (!PROFILE_MODE.equals("full")) shown = shown.substring(0, Math.min(shown.length(), 150));
                System.err.printf("duck %8.2f s  %s%n", (System.nanoTime() - start) / 1e9, shown);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(message(e) + "\nin SQL: " + abbreviate(sql), e);
        }
    }

    /** Receives the rows of a query one by one. */
    @FunctionalInterface
    public interface RowReader {
        void read(java.sql.ResultSet rs) throws SQLException;
    }

    /** Runs a query without parameters and hands each row to {@code reader}. */
    public static void each(Connection c, String sql, RowReader reader) {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) reader.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(message(e) + "\nin SQL: " + abbreviate(sql), e);
        }
    }

    /** "a, b" qualified by a table alias: "t.a, t.b". */
    public static String qualified(String alias, String columns) {
        StringBuilder b = new StringBuilder();
        for (String c : columns.split(",\\s*")) b.append(b.length() == 0 ? "" : ", ").append(alias).append('.').append(c);
        return b.toString();
    }

    /** A string literal for SQL text (paths, ids); values from users go through prepared statements instead. */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    public static String literal(Path p) {
        return literal(p.toAbsolutePath().toString());
    }

    /** DuckDB puts the real error on the message's second line; keep the whole text but lead with it. */
    public static String message(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.strip();
    }

    /** Whether DuckDB failed a statement for memory (its message, as {@link #message} gives it). */
    public static boolean outOfMemory(String message) {
        return message.startsWith("Out of Memory Error");
    }

    private static String abbreviate(String sql) {
        return sql.length() > 2000 ? sql.substring(0, 2000) + " …" : sql;
    }
}
