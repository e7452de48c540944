package grassroots.warehouse.regions;

import grassroots.warehouse.Text;

/**
 * The six levels of the administrative hierarchy. A division code's length tells its level
 * (2, 4, 6, 9, 12 digits); the nation has the code {@code CN}.
 */
public enum Level {
    NATION("nation", 0, Text.of("全国", "Nation")),
    PROVINCE("province", 2, Text.of("省级", "Province")),
    PREFECTURE("prefecture", 4, Text.of("地级", "Prefecture")),
    COUNTY("county", 6, Text.of("县级", "County")),
    TOWNSHIP("township", 9, Text.of("乡级", "Township")),
    UNIT("unit", 12, Text.of("村级", "Grassroots unit"));

    public static final String NATION_CODE = "CN";

    private final String id;
    private final int digits;
    private final Text label;

    Level(String id, int digits, Text label) {
        this.id = id;
        this.digits = digits;
        this.label = label;
    }

    public String id() { return id; }
    public int digits() { return digits; }
    public Text label() { return label; }

    /** The levels an indicator is aggregated to (every level above the grassroots unit). */
    public static final java.util.List<Level> AGGREGATE_LEVELS =
            java.util.List.of(NATION, PROVINCE, PREFECTURE, COUNTY, TOWNSHIP);

    public static Level ofId(String id) {
        for (Level l : values()) if (l.id.equals(id)) return l;
        throw new IllegalArgumentException("unknown level '" + id + "' (nation, province, prefecture, county, township, unit)");
    }

    public static Level ofCode(String code) {
        if (NATION_CODE.equals(code)) return NATION;
        for (Level l : values()) if (l != NATION && l.digits == code.length()) return l;
        throw new IllegalArgumentException("not a region code: '" + code + "'");
    }

    /** The code of this level's ancestor of {@code code}, by prefix (NBS codes nest by prefix). */
    public String ancestorOf(String code) {
        return this == NATION ? NATION_CODE : code.substring(0, digits);
    }
}
