package grassroots.warehouse.query;

import java.util.Locale;

/**
 * Which regions a value is rolled up to: {@code CURRENT} maps every return onto today's division codes first (so trends
 * compare like with like across recodes, merges and splits); {@code REPORTED} uses the codes as they were reported that
 * year (so a recoded county shows as two series, and regions since merged away can be looked at).
 */
public enum Boundaries {
    CURRENT, REPORTED;

    /**
     * How the marts store a row that is the same on both boundaries (nearly every region is untouched by code
     * changes): once, marked {@value}, rather than twice.
     */
    public static final String SHARED = "both";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The SQL test for the marts' rows on these boundaries: their own and the shared ones. */
    public String sql(String column) {
        return column + " IN ('" + id() + "', '" + SHARED + "')";
    }

    /**
     * A marts table as it reads with both boundaries spelled out: a shared row once as {@code current} and once as
     * {@code reported} (what researchers' views and the Parquet copies show).
     */
    public static String expanded(String table) {
        StringBuilder sql = new StringBuilder();
        for (Boundaries b : values()) {
            if (sql.length() > 0) sql.append(" UNION ALL ");
            sql.append(b.rows(table));
        }
        return sql.toString();
    }

    /** A marts table's rows on these boundaries, the shared ones included, each marked with this id. */
    public String rows(String table) {
        return "SELECT * REPLACE ('" + id() + "' AS boundaries) FROM " + table + " WHERE " + sql("boundaries");
    }

    public static Boundaries ofId(String id) {
        for (Boundaries b : values()) if (b.id().equals(id)) return b;
        throw new IllegalArgumentException("boundaries must be current or reported, not '" + id + "'");
    }
}
