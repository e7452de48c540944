package grassroots.access;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The two kinds of state database the product supports, for tests: an embedded H2 file and a real PostgreSQL
 * ({@code GRASSROOTS_TEST_PG}, default the local server that {@code .ci/run} starts), each test in a fresh schema.
 */
public final class StateDatabases {
    public static final String PG = System.getenv().getOrDefault("GRASSROOTS_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/grassroots_test?user=grassroots&password=grassroots");

    private StateDatabases() {}

    public static String h2Url(Path dir) {
        return StateDatabase.embeddedUrl(dir);
    }

    /**
     * A URL of a new, empty schema on the test PostgreSQL. In CI PostgreSQL must be there (the test fails); on a
     * developer's machine without one the PostgreSQL half is skipped with a message.
     */
    public static String freshPostgresUrl() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (System.getenv("CI") == null) {
                Assumptions.abort("PostgreSQL is not reachable at " + StateDatabase.redact(PG) + " (set GRASSROOTS_TEST_PG): " + e.getMessage());
            }
            throw new IllegalStateException("PostgreSQL is needed for these tests: " + e.getMessage(), e);
        }
        return PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A URL of each kind: "h2" or "postgresql". */
    public static String url(String kind, Path dir) {
        return kind.equals("h2") ? h2Url(dir) : freshPostgresUrl();
    }
}
