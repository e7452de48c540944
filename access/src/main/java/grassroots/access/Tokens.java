package grassroots.access;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Personal API tokens for scripts and notebooks ({@code Authorization: Bearer …}), and one-time sign-in links (the
 * demo's, as Jupyter prints one). A token is shown once; the table keeps its digest and a short prefix to list it by.
 */
public final class Tokens {
    /** What a token's text starts with, so that a leaked one is recognisable (secret scanners look for prefixes). */
    public static final String API_PREFIX = "grt_";
    public static final Duration LINK_LIFETIME = Duration.ofHours(24);

    public record Listed(long id, String label, String prefix, OffsetDateTime createdAt, OffsetDateTime lastUsedAt,
                         OffsetDateTime revokedAt) {}

    private final Jdbc jdbc;

    public Tokens(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** A new API token for the user: its text, to show once. */
    public String issue(User user, String label) {
        String token = API_PREFIX + Secrets.random();
        insert(user, token, "api", label == null || label.isBlank() ? null : label.strip(), null);
        return token;
    }

    /** A one-time sign-in link's token, valid for a day. */
    public String issueLink(User user) {
        String token = Secrets.random();
        insert(user, token, "link", "sign-in link", Jdbc.now().plus(LINK_LIFETIME));
        return token;
    }

    private void insert(User user, String token, String kind, String label, OffsetDateTime expires) {
        if (label != null && label.length() > 100) throw new IllegalArgumentException("名称过长 / the label is too long");
        jdbc.update("INSERT INTO tokens (user_id, token_hash, kind, label, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                user.id(), Secrets.digest(token), kind, label, token.substring(0, Math.min(8, token.length())), Jdbc.now(), expires);
    }

    /** The owner of a live API token (not revoked, not disabled); records its use. */
    public Optional<User> authenticate(String token) {
        if (token == null || !token.startsWith(API_PREFIX) || token.length() > 100) return Optional.empty();
        String hash = Secrets.digest(token);
        record Row(User user, OffsetDateTime lastUsed) {}
        Optional<Row> row = jdbc.one("SELECT u.id, u.name, u.role, u.scope, u.disabled, t.last_used_at FROM tokens t JOIN users u ON u.id = t.user_id "
                        + "WHERE t.token_hash = ? AND t.kind = 'api' AND t.revoked_at IS NULL AND u.disabled = FALSE",
                rs -> new Row(new User(rs.getLong(1), rs.getString(2), Role.ofId(rs.getString(3)), rs.getString(4), rs.getBoolean(5)),
                        Jdbc.time(rs, "last_used_at")), hash);
        // recorded at most once a minute, and after the read has given its connection back (never two at once per request)
        row.filter(r -> r.lastUsed() == null || r.lastUsed().plusSeconds(60).isBefore(Jdbc.now()))
                .ifPresent(r -> jdbc.update("UPDATE tokens SET last_used_at = ? WHERE token_hash = ?", Jdbc.now(), hash));
        return row.map(Row::user);
    }

    /** Uses up a one-time sign-in link: its user, once, if it has not expired. */
    public Optional<User> redeemLink(String token) {
        if (token == null || token.length() > 100) return Optional.empty();
        String hash = Secrets.digest(token);
        // the conditional update is what makes it one-time, also when two servers see the link at once
        int used = jdbc.update("UPDATE tokens SET revoked_at = ?, last_used_at = ? WHERE token_hash = ? AND kind = 'link' "
                + "AND revoked_at IS NULL AND expires_at > ?", Jdbc.now(), Jdbc.now(), hash, Jdbc.now());
        if (used != 1) return Optional.empty();
        return jdbc.one("SELECT u.id, u.name, u.role, u.scope, u.disabled FROM tokens t JOIN users u ON u.id = t.user_id "
                        + "WHERE t.token_hash = ? AND u.disabled = FALSE",
                rs -> new User(rs.getLong(1), rs.getString(2), Role.ofId(rs.getString(3)), rs.getString(4), rs.getBoolean(5)), hash);
    }

    public List<Listed> list(User user) {
        return jdbc.list("SELECT id, label, prefix, created_at, last_used_at, revoked_at FROM tokens WHERE user_id = ? AND kind = 'api' ORDER BY id",
                rs -> new Listed(rs.getLong("id"), rs.getString("label"), rs.getString("prefix"), Jdbc.time(rs, "created_at"),
                        Jdbc.time(rs, "last_used_at"), Jdbc.time(rs, "revoked_at")), user.id());
    }

    /** Revokes one of the user's own tokens; false when there is no such live token of theirs. */
    public boolean revoke(User user, long id) {
        return jdbc.update("UPDATE tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND kind = 'api' AND revoked_at IS NULL",
                Jdbc.now(), id, user.id()) == 1;
    }
}
