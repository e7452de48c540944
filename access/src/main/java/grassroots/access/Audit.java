package grassroots.access;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The audit log: who did what, when, from where, with what outcome. Written by every consequential action. */
public final class Audit {
    /** One record. {@code rows} and {@code millis} are null where they mean nothing. */
    public record Entry(long id, OffsetDateTime at, String user, String action, String outcome, String client,
                        String target, String detail, Long rows, Long millis) {}

    /** What to list: each part optional. */
    public record Filter(String user, String action, OffsetDateTime from, OffsetDateTime to, int limit) {}

    private static final int DETAIL_MAX = 20_000;
    private final Jdbc jdbc;

    public Audit(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    public void record(String user, String action, String outcome, String client, String target, String detail,
                       Long rows, Long millis) {
        jdbc.update("INSERT INTO audit (at, user_name, action, outcome, client, target, detail, row_count, millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Jdbc.now(), user, action, outcome, cut(client, 64), cut(target, 400), cut(detail, DETAIL_MAX), rows, millis);
    }

    public List<Entry> list(Filter f) {
        StringBuilder sql = new StringBuilder("SELECT id, at, user_name, action, outcome, client, target, detail, row_count, millis FROM audit WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (f.user() != null) { sql.append(" AND user_name = ?"); params.add(f.user()); }
        if (f.action() != null) { sql.append(" AND action = ?"); params.add(f.action()); }
        if (f.from() != null) { sql.append(" AND at >= ?"); params.add(f.from()); }
        if (f.to() != null) { sql.append(" AND at < ?"); params.add(f.to()); }
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, Math.min(f.limit(), 100_000)));
        return jdbc.list(sql.toString(), rs -> new Entry(rs.getLong("id"), Jdbc.time(rs, "at"), rs.getString("user_name"),
                rs.getString("action"), rs.getString("outcome"), rs.getString("client"), rs.getString("target"),
                rs.getString("detail"), (Long) rs.getObject("row_count", Long.class), (Long) rs.getObject("millis", Long.class)),
                params.toArray());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
