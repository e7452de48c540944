package grassroots.access;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * Where users, sessions, tokens and the audit log live: an embedded H2 file under {@code WAREHOUSE/state/} by default
 * (nothing to install; other processes on the machine, such as {@code ./grassroots users}, reach it through H2's
 * automatic mixed mode), or PostgreSQL given by a {@code jdbc:postgresql://…} URL so that several servers share one
 * state. One schema, migrated by Flyway, the same on both.
 */
public final class StateDatabase implements AutoCloseable {
    /** The environment variable that names a shared database, like {@code --db}. */
    public static final String ENV = "GRASSROOTS_DB";

    private final HikariDataSource pool;
    private final String description;

    private StateDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** The URL for a warehouse: {@code --db} if given, else {@code $GRASSROOTS_DB}, else the embedded file. */
    public static String url(Path warehouse, String db) {
        if (db != null && !db.isBlank()) return db.strip();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return env.strip();
        return embeddedUrl(warehouse.resolve("state"));
    }

    static String embeddedUrl(Path dir) {
        // PostgreSQL mode so that the one migration serves both; AUTO_SERVER lets the CLI reach a file a server holds
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("grassroots") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                + ";DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    public static StateDatabase open(Path warehouse, String db) {
        return open(url(warehouse, db));
    }

    public static StateDatabase open(String url) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db 应为 jdbc:postgresql://… 地址 / --db must be a jdbc:postgresql://… URL");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(1);
        config.setPoolName("grassroots-state");
        config.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("无法连接状态数据库 / cannot connect to the state database " + redact(url)
                    + ": " + rootMessage(e), e);
        }
        Flyway.configure().dataSource(pool).locations("classpath:grassroots/access/migration")
                .failOnMissingLocations(true).load().migrate();
        return new StateDatabase(pool, redact(url));
    }

    public DataSource dataSource() { return pool; }

    /** The URL without credentials, for logs. */
    public String description() { return description; }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }
}
