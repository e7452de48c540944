package grassroots.warehouse.regions;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RegionHierarchyTest {
    private final RegionHierarchy h = RegionHierarchy.standard();

    @Test
    void loadsAllSixLevelsOfTheNbsCodes() {
        Map<Level, Integer> counts = new EnumMap<>(Level.class);
        for (Region r : h.current()) counts.merge(r.level(), 1, Integer::sum);
        assertEquals(1, counts.get(Level.NATION));
        assertEquals(31, counts.get(Level.PROVINCE));
        assertEquals(342, counts.get(Level.PREFECTURE));
        assertEquals(2_978, counts.get(Level.COUNTY));
        assertEquals(41_352, counts.get(Level.TOWNSHIP));
        assertEquals(620_573, counts.get(Level.UNIT));
    }

    @Test
    void todaysCodesAboveTheUnitsReadAloneAreThoseOfTheWholeHierarchy() {
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (Region r : h.current()) if (r.level() != Level.NATION && r.level() != Level.UNIT) expected.add(r.code());
        assertEquals(expected, RegionHierarchy.TodayAboveUnits.CODES);
    }

    @Test
    void knowsTodaysAndHistoricalCodesAndNoOthers() {
        // today's at every level, a recoded county's and a merged township's former codes (changes.yaml)
        for (String code : java.util.List.of("32", "3201", "320102", "320102002", "320102002001", "320124", "640104090")) {
            assertTrue(RegionHierarchy.knows(code), code);
        }
        for (String code : java.util.List.of("99", "3299", "999999", "320102999", "320102002999")) {
            assertFalse(RegionHierarchy.knows(code), code);
        }
    }

    @Test
    void everyRegionHangsOffItsParentOneLevelUp() {
        for (Region r : h.all()) {
            if (r.level() != Level.NATION) assertTrue(h.require(r.parentCode()).validFrom() <= r.validFrom()
                    && h.require(r.parentCode()).validTo() >= r.validTo(), "a parent outlives its child: " + r.code());
            if (r.level() == Level.NATION) {
                assertNull(r.parentCode());
                continue;
            }
            Region parent = h.require(r.parentCode());
            assertEquals(r.level().ordinal() - 1, parent.level().ordinal(), r.code());
            assertEquals(parent.code(), r.level() == Level.PROVINCE ? Level.NATION_CODE : r.ancestor(parent.level()), r.code());
            assertFalse(r.name().isBlank(), r.code());
        }
    }

    @Test
    void unitTypeComesFromTheCodeSuffix() {
        int urban = 0, rural = 0, placeholder = 0;
        for (Region r : h.at(Level.UNIT)) {
            if (r.kind() == UnitKind.NOT_ADMINISTERED) placeholder++;
            else if (r.urban()) urban++;
            else rural++;
        }
        // 124,649 residents' committees (001–199) + 2,687 "virtual" ones (400–499) are urban; DOMAIN.md's 124,650
        // also counts 金门县's 000 placeholder.
        assertEquals(124_649 + 2_687, urban);
        assertEquals(487_144 + 6_092, rural);
        assertEquals(1, placeholder, "金门县's 000 placeholder");
        assertEquals(UnitKind.RESIDENTS_COMMITTEE, h.require("110101001001").kind());
        assertFalse(h.require("350527000").administered(), "a township with only the placeholder unit expects no return");
        assertTrue(h.require("350526").administered());
    }

    @Test
    void pseudoRegionsAreNamedAfterTheirProvince() {
        Region beijingDistricts = h.require("1101");
        assertTrue(beijingDistricts.pseudo());
        assertEquals("市辖区", beijingDistricts.officialName());
        assertEquals("北京市（市辖区）", beijingDistricts.name());
        assertEquals("河南省（省直辖县级行政区划）", h.require("4190").name());
        assertEquals("重庆市（县）", h.require("5002").name());
        assertFalse(h.require("3201").pseudo());
    }

    @Test
    void countyLessCitiesHaveTheirPseudoCounty() {
        Region dongguan = h.require("441900");
        assertEquals("4419", dongguan.parentCode());
        assertEquals(Level.COUNTY, dongguan.level());
        assertFalse(h.children("441900").isEmpty(), "东莞's towns hang off 441900");
        assertEquals("4419", h.require("441900003").ancestor(Level.PREFECTURE));
    }

    @Test
    void provincesHaveTheShortNamesTheMapUses() {
        assertEquals("内蒙古", h.require("15").shortName());
        assertEquals("广西", h.require("45").shortName());
        assertEquals("新疆", h.require("65").shortName());
        assertEquals("北京", h.require("11").shortName());
        assertEquals("黑龙江", h.require("23").shortName());
    }

    @Test
    void codesThatChangedAreValidUntilTheChangeAndMappedToTodaysCodes() {
        // 洪泽县 320829 became 洪泽区 320813 in 2017 (撤县设区)
        Region oldCounty = h.require("320829");
        assertEquals("洪泽县", oldCounty.name());
        assertEquals(2016, oldCounty.validTo());
        assertEquals(2017, h.require("320813").validFrom());
        assertEquals("320829001001".substring(0, 9), h.codeIn("320813001001", 2016).substring(0, 9));
        assertEquals("320813001001", h.codeIn("320813001001", 2017));
        assertEquals("320813001", h.currentCodeOf("320829001", 2016));
        // 640104009 was split from 640104008 in 2019: its units had 640104008 codes before, its township returns apportioned
        String before = h.codeIn("640104009002", 2018);
        assertTrue(before.startsWith("640104008"), before);
        assertEquals(2018, h.require(before).validTo());
        assertEquals(1.0, h.crosswalk().stream().filter(m -> m.code().equals("640104008") && m.toYear() == 2018)
                .mapToDouble(m -> m.weight()).sum(), 1e-12);
        // 红花街道 640104090 merged into 640104004 in 2018
        assertEquals("640104004", h.currentCodeOf("640104090", 2017));
        assertEquals("640104090006", h.codeIn("640104004006", 2017));
        for (Region r : h.all()) {
            if (!r.current()) assertTrue(h.require(h.currentCodeOf(r.code(), r.validTo())).current(), "maps to today: " + r.code());
        }
    }
}
