package grassroots.warehouse.query;

import grassroots.warehouse.regions.Level;
import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's queries: their text is kept in {@code grassroots/queries/NAME.sql}, read once, and run on a duplicate of
 * one snapshot's connection (so that any thread may ask). A query's {@code {{slot}}}s take fragments of SQL the code
 * chooses from a fixed set (a column, a sort direction, an optional filter); values are always bound as parameters.
 */
final class Sql {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");

    private final DuckDBConnection db;
    private final QueryGate gate;

    Sql(DuckDBConnection db, QueryGate gate) {
        this.db = db;
        this.gate = gate;
    }

    /** The text of {@code grassroots/queries/NAME.sql}. */
    static String load(String name) {
        String path = "/grassroots/queries/" + name + ".sql";
        try (InputStream in = Sql.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing query " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read query " + path, e);
        }
    }

    /** {@code template} with every slot filled; a slot left unfilled is a mistake in the code. */
    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fragment = slots.get(m.group(1));
            if (fragment == null) throw new IllegalStateException("no fragment for {{" + m.group(1) + "}}");
            m.appendReplacement(out, Matcher.quoteReplacement(fragment));
        }
        return m.appendTail(out).toString();
    }

    /** A new connection to the same database, for one caller at a time. */
    Connection connect() throws SQLException {
        return db.duplicate();
    }

    /** Runs a query when the gate lets it ({@link QueryGate.Busy} when it waited too long), handing each row to {@code reader}. */
    void query(String sql, List<Object> params, Duck.RowReader reader) {
        gate.run(new QueryGate.Work() {
            private boolean started;

            @Override
            public void run() throws QueryGate.OutOfMemory {
                try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            started = true;
                            reader.read(rs);
                        }
                    }
                } catch (SQLException e) {
                    String m = Duck.message(e);
                    if (Duck.outOfMemory(m)) throw new QueryGate.OutOfMemory(m, e);
                    throw new IllegalStateException(m, e);
                }
            }

            @Override
            public boolean started() {
                return started;
            }
        });
    }

    // ---- fragments --------------------------------------------------------------------------------------------

    /**
     * Rows under an ancestor (its code is the next parameter): a test on the ancestor's own level column, which the
     * marts' sort order keeps in narrow ranges, so DuckDB skips the other row groups by their min/max.
     */
    static String underParent(String parent, String tablePrefix) {
        Level level = Level.ofCode(parent);
        return level == Level.NATION ? " AND ?::VARCHAR = 'CN'" : " AND " + tablePrefix + level.id() + "_code = ?";
    }

    /** {@link #underParent} when there is a parent, else nothing. */
    static String underParentIfAny(String parent) {
        return parent == null ? "" : underParent(parent, "");
    }

    /** Best first, given the indicator's direction. */
    static String bestFirst(grassroots.warehouse.catalog.Indicator ind) {
        return ind.direction().higherIsBetter() ? "DESC" : "ASC";
    }

    static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        Object o = rs.getObject(column);
        return o == null ? null : ((Number) o).intValue();
    }
}
