package grassroots.warehouse.query;

import java.util.Locale;

/**
 * Which regions a value is rolled up to: {@code CURRENT} maps every return onto today's division codes first (so trends
 * compare like with like across recodes, merges and splits); {@code REPORTED} uses the codes as they were reported that
 * year (so a recoded county shows as two series, and regions since merged away can be looked at).
 */
public enum Boundaries {
    CURRENT, REPORTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Boundaries ofId(String id) {
        for (Boundaries b : values()) if (b.id().equals(id)) return b;
        throw new IllegalArgumentException("boundaries must be current or reported, not '" + id + "'");
    }
}
