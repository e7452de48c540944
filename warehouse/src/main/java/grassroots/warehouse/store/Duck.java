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

    public static void exec(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(message(e) + "\nin SQL: " + abbreviate(sql), e);
        }
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

    private static String abbreviate(String sql) {
        return sql.length() > 2000 ? sql.substring(0, 2000) + " …" : sql;
    }
}
