package grassroots.warehouse.regions;

import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Reporting;

import java.util.List;

/**
 * The six levels of the administrative hierarchy, as {@code catalog/reporting.yaml} declares them (the catalog checks
 * that it lists exactly these, in this order): the constants name them in code, their code length and name come from
 * the catalog. A division code's length tells its level (2, 4, 6, 9, 12 digits); the nation has the code {@code CN}.
 */
public enum Level {
    NATION, PROVINCE, PREFECTURE, COUNTY, TOWNSHIP, UNIT;

    public static final String NATION_CODE = "CN";

    /** The levels an indicator is aggregated to (every level above the grassroots unit). */
    public static final List<Level> AGGREGATE_LEVELS = List.of(values()).subList(0, values().length - 1);

    /** The levels between the nation and the unit: a region's ancestors there are the regions table's columns. */
    public static final List<Level> INTERMEDIATE = List.of(values()).subList(1, values().length - 1);

    private volatile Reporting.LevelDeclaration declared;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public int digits() {
        return declaration().digits();
    }

    public Text label() {
        return declaration().name();
    }

    /** The column of the regions table holding a region's ancestor at this level ({@code province_code} …). */
    public String codeColumn() {
        return id() + "_code";
    }

    private Reporting.LevelDeclaration declaration() {
        Reporting.LevelDeclaration d = declared;
        if (d == null) {
            d = Catalog.standard().reporting().levels().get(ordinal());
            declared = d;
        }
        return d;
    }

    public static Level ofId(String id) {
        for (Level l : values()) if (l.id().equals(id)) return l;
        throw new IllegalArgumentException("unknown level '" + id + "' (" + String.join(", ", List.of(values()).stream().map(Level::id).toList()) + ")");
    }

    public static Level ofCode(String code) {
        if (NATION_CODE.equals(code)) return NATION;
        for (Level l : values()) if (l != NATION && l.digits() == code.length()) return l;
        throw new IllegalArgumentException("not a region code: '" + code + "'");
    }

    /** The code of this level's ancestor of {@code code}, by prefix (NBS codes nest by prefix). */
    public String ancestorOf(String code) {
        return this == NATION ? NATION_CODE : code.substring(0, digits());
    }
}
