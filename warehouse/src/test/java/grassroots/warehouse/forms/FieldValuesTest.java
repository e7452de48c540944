package grassroots.warehouse.forms;

import grassroots.warehouse.catalog.Catalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FieldValuesTest {
    private final Form jc1 = Catalog.standard().form("JC-1");

    private Object parse(String field, String raw) throws InvalidValue {
        return FieldValues.parse(jc1.requireField(field), raw);
    }

    @Test
    void readsNumbersAsPeopleTypeThem() throws InvalidValue {
        assertEquals(1234, parse("population", "1,234"));
        assertEquals(123, parse("population", "１２３"));
        assertEquals(56, parse("population", "  56 \u3000"));
        assertEquals(12.5, parse("facility_area_m2", "12.5"));
        assertEquals(1, parse("has_charter", "是"));
        assertEquals(0, parse("has_charter", "否"));
        assertEquals(1, parse("has_charter", "1"));
        assertEquals(0, parse("has_charter", "0"));
        assertEquals(1, parse("has_charter", "１"), "full-width, folded");
        assertEquals(1, parse("has_charter", "YES"));
        assertEquals(0, parse("has_charter", "×"));
        assertNull(parse("eligible_voters", ""));
        assertEquals("320102001001", parse("unit_code", "320102001001"));
        assertEquals("东城区（开发区）社区", parse("unit_name", " 东城区（开发区）社区 "), "names keep their full-width characters");
    }

    @Test
    void explainsWhatItCannotRead() {
        InvalidValue e = assertThrows(InvalidValue.class, () -> parse("population", "约三千"));
        assertEquals("population.type", e.ruleId());
        assertTrue(e.text().zh().contains("常住人口"));
        assertEquals("households.min", assertThrows(InvalidValue.class, () -> parse("households", "-3")).ruleId());
        assertEquals("population.required", assertThrows(InvalidValue.class, () -> parse("population", " ")).ruleId());
        assertEquals("unit_code.format", assertThrows(InvalidValue.class, () -> parse("unit_code", "3201")).ruleId());
        assertEquals("has_charter.type", assertThrows(InvalidValue.class, () -> parse("has_charter", "2")).ruleId());
        assertEquals("year.range", assertThrows(InvalidValue.class, () -> parse("year", "1999")).ruleId());
        assertEquals("population.type", assertThrows(InvalidValue.class, () -> parse("population", "12.5")).ruleId());
    }

    @Test
    void aNumberTooLargeToAddUpExactlyIsTheRowsProblem() throws InvalidValue {
        assertEquals(999_999_999_999.5, parse("facility_area_m2", "999999999999.5"));
        InvalidValue e = assertThrows(InvalidValue.class, () -> parse("facility_area_m2", "1e12"));
        assertEquals("facility_area_m2.range", e.ruleId());
        assertTrue(e.text().zh().contains("综合服务设施面积") && e.text().en().contains("10^12"));
        assertEquals("service_spending_10k_yuan.range",
                assertThrows(InvalidValue.class, () -> parse("service_spending_10k_yuan", "1,000,000,000,000,000")).ruleId());
        assertEquals("facility_area_m2.type", assertThrows(InvalidValue.class, () -> parse("facility_area_m2", "Infinity")).ruleId());
    }
}
