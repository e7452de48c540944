package grassroots.access;

import grassroots.warehouse.regions.Level;

import java.util.Set;

/**
 * A user's region scope: the nation ({@code CN}) or one region with everything under it. NBS codes nest by prefix
 * (Level.ancestorOf), so "under" is a prefix test that needs no lookup, in Java and in SQL alike.
 */
public record Scope(String code) {
    public static final Scope NATION = new Scope(Level.NATION_CODE);

    public Scope {
        Level level = Level.ofCode(code);
        if (level == Level.UNIT) throw new IllegalArgumentException("a scope is a region, not a single unit: " + code);
    }

    public static Scope of(String code) {
        return new Scope(code == null ? "" : code.strip());
    }

    public boolean national() { return code.equals(Level.NATION_CODE); }

    public Level level() { return Level.ofCode(code); }

    /** Whether a region (any level, any vintage of code) lies inside the scope: the scope itself or under it. */
    public boolean contains(String regionCode) {
        if (regionCode == null) return false;
        return national() || regionCode.startsWith(code);
    }

    /** Whether {@code regionCode} is an ancestor of the scope region (the nation, its province …). */
    public boolean isUnder(String regionCode) {
        if (regionCode == null || national()) return false;
        return Level.NATION_CODE.equals(regionCode) || (code.startsWith(regionCode) && !code.equals(regionCode));
    }

    /**
     * Whether an aggregated value of a region may be seen: inside the scope, or at a level open to every signed-in
     * user (by default the levels that yearbooks publish).
     */
    public boolean mayView(String regionCode, Set<Level> openLevels) {
        if (contains(regionCode)) return true;
        try {
            return openLevels.contains(Level.ofCode(regionCode));
        } catch (IllegalArgumentException notACode) {
            return false;
        }
    }
}
