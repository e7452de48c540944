package grassroots.warehouse.regions;

import grassroots.warehouse.Text;

/**
 * The kind of a grassroots unit, told by the last three digits of its 12-digit code (NBS coding rules):
 * 001–199 residents' committee, 200–399 villagers' committee, 400–499 and 500–599 their "virtual" counterparts.
 */
public enum UnitKind {
    RESIDENTS_COMMITTEE(true, Text.of("居委会", "Residents' committee")),
    VILLAGERS_COMMITTEE(false, Text.of("村委会", "Villagers' committee")),
    VIRTUAL_RESIDENTS_COMMITTEE(true, Text.of("虚拟居委会", "Virtual residents' committee")),
    VIRTUAL_VILLAGERS_COMMITTEE(false, Text.of("虚拟村委会", "Virtual villagers' committee")),
    /** Suffix 000: a placeholder for an area outside actual administration (金门县 350527000000); sends no returns. */
    NOT_ADMINISTERED(false, Text.of("不在实际管辖范围", "Not under actual administration"));

    private final boolean urban;
    private final Text label;

    UnitKind(boolean urban, Text label) {
        this.urban = urban;
        this.label = label;
    }

    public boolean urban() { return urban; }
    public Text label() { return label; }

    /** The code suffixes (last three digits) of this kind. */
    public int firstSuffix() {
        return switch (this) {
            case RESIDENTS_COMMITTEE -> 1;
            case VILLAGERS_COMMITTEE -> 200;
            case VIRTUAL_RESIDENTS_COMMITTEE -> 400;
            case VIRTUAL_VILLAGERS_COMMITTEE -> 500;
            case NOT_ADMINISTERED -> 0;
        };
    }

    public int lastSuffix() {
        return switch (this) {
            case RESIDENTS_COMMITTEE -> 199;
            case VILLAGERS_COMMITTEE -> 399;
            case VIRTUAL_RESIDENTS_COMMITTEE -> 499;
            case VIRTUAL_VILLAGERS_COMMITTEE -> 599;
            case NOT_ADMINISTERED -> 0;
        };
    }

    /** Whether a unit is urban, in SQL over a column holding 12-digit unit codes (the same rule as {@link #ofCode}). */
    public static String urbanSql(String codeColumn) {
        StringBuilder sql = new StringBuilder("(");
        for (UnitKind k : values()) {
            if (!k.urban) continue;
            if (sql.length() > 1) sql.append(" OR ");
            sql.append(String.format("substr(%s, 10, 3) BETWEEN '%03d' AND '%03d'", codeColumn, k.firstSuffix(), k.lastSuffix()));
        }
        return sql.append(")").toString();
    }

    public static UnitKind ofCode(String unitCode) {
        int suffix = Integer.parseInt(unitCode.substring(9, 12));
        if (suffix == 0) return NOT_ADMINISTERED;
        if (suffix >= 1 && suffix <= 199) return RESIDENTS_COMMITTEE;
        if (suffix >= 200 && suffix <= 399) return VILLAGERS_COMMITTEE;
        if (suffix >= 400 && suffix <= 499) return VIRTUAL_RESIDENTS_COMMITTEE;
        if (suffix >= 500 && suffix <= 599) return VIRTUAL_VILLAGERS_COMMITTEE;
        throw new IllegalArgumentException("unit code " + unitCode + " has no valid type suffix (001–599)");
    }
}
