package grassroots.etl.input;

import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The division table's regions of one level (a form's grain) as the executors look a row's code up: each code with the
 * years it is valid, whether it is administered and its official name, sorted by the code as a number. Made from the
 * hierarchy the snapshot's {@code regions.parquet} is written from ({@link RegionHierarchy#standard()}, loaded once per
 * JVM: in local mode the driver's, already loaded), once per level and JVM.
 *
 * <p>Why not a join on {@code regions.parquet}: Spark's broadcast hash join scattered the national load's 9.2 million
 * lookups over a 16 MB table (a cache miss each; 7.5 % of the load's samples) and copied every matched row into the
 * joined one. A file's rows come in code order, so a lookup here is nearly always the entry after the previous one.
 */
public final class GrainRegions {
    private static final Map<Level, GrainRegions> OF_LEVEL = new EnumMap<>(Level.class);

    private final long[] keys;
    private final String[] codes;
    private final int[] validFrom;
    private final int[] validTo;
    private final boolean[] administered;
    private final String[] names;

    /** The standard hierarchy's regions of {@code level} (today's and former codes). */
    public static synchronized GrainRegions of(Level level) {
        return OF_LEVEL.computeIfAbsent(level, l -> {
            List<Region> regions = new ArrayList<>();
            for (Region r : RegionHierarchy.standard().all()) if (r.level() == l) regions.add(r);
            return of(regions);
        });
    }

    /** A table of these regions (codes that are not numbers are left out: no row's code could match one). */
    static GrainRegions of(List<Region> regions) {
        List<Numbered> numbered = new ArrayList<>(regions.size());
        for (Region r : regions) {
            long key = digits(r.code());
            if (key >= 0) numbered.add(new Numbered(key, r));
        }
        numbered.sort(java.util.Comparator.comparingLong(Numbered::key));
        return new GrainRegions(numbered);
    }

    private record Numbered(long key, Region region) {}

    private GrainRegions(List<Numbered> sorted) {
        int n = sorted.size();
        keys = new long[n];
        codes = new String[n];
        names = new String[n];
        validFrom = new int[n];
        validTo = new int[n];
        administered = new boolean[n];
        for (int i = 0; i < n; i++) {
            Region r = sorted.get(i).region();
            keys[i] = sorted.get(i).key();
            if (i > 0 && keys[i] == keys[i - 1]) throw new IllegalStateException("the division table has code " + r.code() + " twice");
            codes[i] = r.code();
            names[i] = r.officialName();
            validFrom[i] = r.validFrom();
            validTo[i] = r.validTo();
            administered[i] = r.administered();
        }
    }

    public int size() {
        return keys.length;
    }

    /**
     * The entry whose code is exactly {@code code}, or -1; {@code hint} is the entry found for the row before (-1 for
     * none): the same or the next one is tried first.
     */
    public int indexOf(String code, int hint) {
        long key = digits(code);
        if (key < 0) return -1;
        int i;
        if (hint >= 0 && hint < keys.length && keys[hint] == key) i = hint;
        else if (hint >= -1 && hint + 1 < keys.length && keys[hint + 1] == key) i = hint + 1;
        else i = Arrays.binarySearch(keys, key);
        // another spelling of the number (leading zeros) is not the code
        return i >= 0 && codes[i].equals(code) ? i : -1;
    }

    /** Whether the region of entry {@code i} counts in {@code year} (null: no year to check) and is administered. */
    public boolean validIn(int i, Integer year) {
        return administered[i] && (year == null || (year >= validFrom[i] && year <= validTo[i]));
    }

    public String officialName(int i) {
        return names[i];
    }

    /** The number a code of 1 to 18 ASCII digits stands for, else -1. */
    private static long digits(String code) {
        int n = code.length();
        if (n == 0 || n > 18) return -1;
        long v = 0;
        for (int k = 0; k < n; k++) {
            char ch = code.charAt(k);
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
