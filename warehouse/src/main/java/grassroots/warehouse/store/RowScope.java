package grassroots.warehouse.store;

import grassroots.warehouse.regions.Level;

/**
 * The rows a reader may see: the nation, or one region and everything under it. NBS codes nest by prefix, so the
 * filter is a prefix test on a code column; facts are also pruned to the province's partition.
 */
public record RowScope(String code) {
    public static final RowScope NATION = new RowScope(Level.NATION_CODE);

    public RowScope {
        if (!Level.NATION_CODE.equals(code) && !code.matches("\\d{2}|\\d{4}|\\d{6}|\\d{9}")) {
            throw new IllegalArgumentException("not a scope code: " + code);
        }
    }

    public boolean national() { return code.equals(Level.NATION_CODE); }

    /** {@code WHERE} keeping the rows any of whose code columns lies inside the scope; empty for the nation. */
    public String where(String... codeColumns) {
        if (national()) return "";
        StringBuilder sb = new StringBuilder(" WHERE (");
        for (int i = 0; i < codeColumns.length; i++) {
            if (i > 0) sb.append(" OR ");
            sb.append("starts_with(coalesce(").append(codeColumns[i]).append(", ''), ").append(Duck.literal(code)).append(")");
        }
        return sb.append(")").toString();
    }

    /** The same for hive-partitioned facts, pruned to the scope's province first. */
    public String whereFacts(String codeColumn) {
        if (national()) return "";
        return " WHERE province = " + Duck.literal(code.substring(0, 2)) + " AND starts_with(" + codeColumn + ", " + Duck.literal(code) + ")";
    }
}
