package grassroots.warehouse.regions;

/**
 * One region of the hierarchy. {@code name} is always a displayable name: the source's pseudo-regions
 * ("市辖区", "县", "省直辖县级行政区划") are named after their province; {@code officialName} keeps the source text.
 * {@code kind} is set for grassroots units only. Validity years make the hierarchy time-aware. A region is
 * {@code administered} unless all it holds is a placeholder outside actual administration (金门县): no returns are
 * expected from such a region.
 */
public record Region(String code, String name, String officialName, String shortName, Level level,
                     String parentCode, boolean pseudo, UnitKind kind, boolean administered, int validFrom, int validTo) {

    public static final int OPEN_END = 9999;

    /** A region of today's hierarchy (as opposed to a code that changed before the hierarchy's vintage). */
    public boolean current() {
        return validTo == OPEN_END;
    }

    public boolean validIn(int year) {
        return year >= validFrom && year <= validTo;
    }

    Region withValidity(int from, int to) {
        return new Region(code, name, officialName, shortName, level, parentCode, pseudo, kind, administered, from, to);
    }

    /** The same region under an older code, name and parent, valid until {@code lastYear}. */
    Region historical(String oldCode, String oldName, String oldParent, int lastYear) {
        return new Region(oldCode, oldName, oldName, oldName, level, oldParent, false, kind, administered,
                validFrom, lastYear);
    }

    public boolean urban() {
        return kind != null && kind.urban();
    }

    /** The code of this region's ancestor at {@code ancestor} level (itself when the levels are equal). */
    public String ancestor(Level ancestor) {
        if (ancestor.ordinal() > level.ordinal()) throw new IllegalArgumentException(ancestor + " is below " + level);
        return ancestor == level ? code : ancestor.ancestorOf(code);
    }
}
