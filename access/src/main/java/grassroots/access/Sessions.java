package grassroots.access;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Browser sessions, kept in the state database so that they survive a restart and work on every server that shares
 * it. The cookie holds a random id; the table holds its digest. A session ends after {@code idle} without a request,
 * after {@code absolute} in any case, on sign-out, and when its user is disabled or changes password.
 */
public final class Sessions {
    /** The defaults: an office day of use, an hour's pause. */
    public static final Duration IDLE = Duration.ofMinutes(60);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    /** last_seen_at is written at most this often per session (a write per request would be wasteful). */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(60);

    /** A new session: the id for the cookie (never stored) and its CSRF token. */
    public record Opened(String id, String csrfToken) {}

    /** A live session and its user. */
    public record Session(User user, String csrfToken, OffsetDateTime createdAt) {}

    private final Jdbc jdbc;
    private final Duration idle;
    private final Duration absolute;

    public Sessions(DataSource db, Duration idle, Duration absolute) {
        this.jdbc = new Jdbc(db);
        this.idle = idle;
        this.absolute = absolute;
    }

    public Opened open(User user, String client) {
        String id = Secrets.random(), csrf = Secrets.random();
        var now = Jdbc.now();
        jdbc.update("INSERT INTO sessions (id_hash, user_id, csrf_token, client, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                Secrets.digest(id), user.id(), csrf, client, now, now);
        return new Opened(id, csrf);
    }

    /** The session of a cookie, if it is live; an expired one is deleted on the way. */
    public Optional<Session> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) return Optional.empty();
        String hash = Secrets.digest(id);
        record Row(User user, String csrf, OffsetDateTime created, OffsetDateTime seen) {}
        Optional<Row> row = jdbc.one("SELECT u.id, u.name, u.role, u.scope, u.disabled, s.csrf_token, s.created_at, s.last_seen_at "
                        + "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?",
                rs -> new Row(new User(rs.getLong(1), rs.getString(2), Role.ofId(rs.getString(3)), rs.getString(4), rs.getBoolean(5)),
                        rs.getString(6), Jdbc.time(rs, "created_at"), Jdbc.time(rs, "last_seen_at")), hash);
        if (row.isEmpty()) return Optional.empty();
        Row r = row.get();
        var now = Jdbc.now();
        if (r.user().disabled() || r.seen().plus(idle).isBefore(now) || r.created().plus(absolute).isBefore(now)) {
            jdbc.update("DELETE FROM sessions WHERE id_hash = ?", hash);
            return Optional.empty();
        }
        if (r.seen().plus(TOUCH_EVERY).isBefore(now)) jdbc.update("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now, hash);
        return Optional.of(new Session(r.user(), r.csrf(), r.created()));
    }

    public void close(String id) {
        if (id != null) jdbc.update("DELETE FROM sessions WHERE id_hash = ?", Secrets.digest(id));
    }

    /** Removes sessions that can no longer be used (called now and then; expired ones are refused regardless). */
    public int purgeExpired() {
        var now = Jdbc.now();
        return jdbc.update("DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?", now.minus(idle), now.minus(absolute));
    }
}
