package grassroots.etl.input;

import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.UnitKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The region check made as rows are read: a code unknown at the form's grain, not administered, or not valid in the
 * row's year is unknown; a name other than the division table's official one is answered with the official one. (The
 * problems and warnings Spark makes of these, with their messages, are checked by the ETL's tests.)
 */
class RegionCheckTest {
    static GrainRegions units;

    @BeforeAll
    static void regions() {
        units = GrainRegions.of(List.of(
                unit("110101001003", 1980, 9999, false, "丙社区"),
                unit("110101001001", 1980, 9999, true, "甲社区"),
                unit("110101001002", 1980, 2016, true, "乙社区"),
                unit("110101001004", 2017, 9999, true, "丁社区")));
    }

    private static Region unit(String code, int from, int to, boolean administered, String name) {
        return new Region(code, name, name, name, Level.UNIT, code.substring(0, 9), false, UnitKind.RESIDENTS_COMMITTEE, administered, from, to);
    }

    private static RegionCheck.Checker checker() {
        return new RegionCheck(() -> units).forFile();
    }

    @Test
    void findsCodesInAnyOrderAsWritten() {
        assertEquals(4, units.size());
        int a = units.indexOf("110101001004", -1), b = units.indexOf("110101001001", a), c = units.indexOf("110101001002", b);
        assertEquals("丁社区", units.officialName(a));
        assertEquals("甲社区", units.officialName(b));
        assertEquals("乙社区", units.officialName(c));
        assertEquals(c, units.indexOf("110101001002", 0), "whatever the hint");
        assertEquals(-1, units.indexOf("0110101001001", b), "another spelling of the number is not the code");
        assertEquals(-1, units.indexOf("11010100100a", -1));
        assertEquals(-1, units.indexOf("", -1));
    }

    /** Whatever the entry found for the row before, a code is found at its entry, and a code between entries is not. */
    @Test
    void aCodeIsFoundFromAnyHint() {
        List<Region> many = new ArrayList<>();
        for (int k = 0; k < 150; k++) many.add(unit(String.valueOf(110101001000L + 2 * k), 1980, 9999, true, "社区" + k));
        GrainRegions table = GrainRegions.of(many);
        for (int hint = -1; hint <= table.size(); hint++) {
            for (int k = -2; k < 302; k++) {
                String code = String.valueOf(110101001000L + k);
                int expected = k >= 0 && k % 2 == 0 && k / 2 < 150 ? k / 2 : -1;
                assertEquals(expected, table.indexOf(code, hint), code + " after entry " + hint);
            }
        }
    }

    @Test
    void aCodeUnknownEndedNotYetValidOrNotAdministeredIsUnknown() {
        RegionCheck.Checker check = checker();
        assertFalse(check.unknown("110101001001", 2020));
        assertFalse(check.unknown("110101001002", 2016), "valid through 2016");
        assertTrue(check.unknown("110101001002", 2017), "ended");
        assertTrue(check.unknown("110101001004", 2016), "not yet");
        assertFalse(check.unknown("110101001004", null), "no year to check it against");
        assertTrue(check.unknown("110101001003", 2020), "not administered");
        assertTrue(check.unknown("110101009999", 2020));
        assertTrue(check.unknown("0110101001001", 2020), "another spelling");
        assertFalse(check.unknown(null, 2020), "an empty or unreadable code is the cell's own problem");
    }

    @Test
    void aNameOtherThanTheTablesIsWarnedAboutForACodeFoundAsWritten() {
        RegionCheck.Checker check = checker();
        check.unknown("110101001001", 2020);
        assertNull(check.officialNameIfOther("甲社区"));
        assertNull(check.officialNameIfOther("  甲社区 "), "spaces around the name do not count");
        assertNull(check.officialNameIfOther(""), "no name given");
        assertNull(check.officialNameIfOther(null));
        assertEquals("甲社区", check.officialNameIfOther("甲社区\t"), "only spaces are trimmed, as SQL's trim");
        assertEquals("甲社区", check.officialNameIfOther("甲村"));
        check.unknown("110101001002", 2020);
        assertEquals("乙社区", check.officialNameIfOther("甲社区"), "a code found but not valid that year is still named by the table");
        check.unknown("110101009999", 2020);
        assertNull(check.officialNameIfOther("甲社区"), "an unknown code has no name to compare with");
        check.unknown("0110101001001", 2020);
        assertNull(check.officialNameIfOther("乙社区"));
    }
}
