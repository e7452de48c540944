package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.warehouse.query.Analyses;
import grassroots.warehouse.query.IndicatorValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The answers' JSON fields, in order (the order is also a download's columns): the warehouse's records are plain, the
 * dashboard's mapper adds the completeness flags and shows a ranked, trend or peer row flat.
 */
class ApiJsonTest {
    static final IndicatorValue VALUE = new IndicatorValue("64", "宁夏回族自治区", "宁夏", "province", 2020, 50.0, 5.0, 10.0, 9, 10);
    static final List<String> VALUE_FIELDS = List.of("region_code", "region_name", "short_name", "level", "year", "value",
            "numerator", "denominator", "reported_units", "expected_units", "completeness", "low_completeness");

    @Test
    void aValueShowsItsCompleteness() {
        JsonNode v = Server.JSON.valueToTree(VALUE);
        assertEquals(VALUE_FIELDS, fields(v));
        assertEquals(0.9, v.get("completeness").asDouble(), 1e-12);
    }

    @Test
    void rowsThatAddToAValueShowItFlat() {
        assertEquals(plus("change"), fields(Server.JSON.valueToTree(new Analyses.TrendValue(VALUE, 1.5))));
        assertEquals(plus("rank", "siblings", "percentile", "parent_code", "parent_name", "parent_value"),
                fields(Server.JSON.valueToTree(new Analyses.RankedValue(VALUE, 1, 5, 100.0, "CN", "全国", 40.0))));
        assertEquals(plus("population", "urban_share", "distance"),
                fields(Server.JSON.valueToTree(new Analyses.PeerValue(VALUE, 7.2e6, 0.66, 0.0))));
    }

    @Test
    void qualityRowsShowTheirCompleteness() {
        assertEquals(List.of("form", "region_code", "region_name", "short_name", "level", "year", "reported_units",
                        "expected_units", "completeness", "low_completeness"),
                fields(Server.JSON.valueToTree(new Analyses.CompletenessRow("JC-1", "64", "宁夏回族自治区", "宁夏", "province", 2020, 9, 10))));
        assertEquals(List.of("kind", "indicator", "level", "region_code", "region_name", "year", "value", "reference",
                        "score", "reported_units", "expected_units", "completeness"),
                fields(Server.JSON.valueToTree(new Analyses.Outlier("siblings", "x", "county", "640104", "兴庆区", 2020,
                        1, 2, 4.1, 9, 10))));
    }

    private static List<String> plus(String... more) {
        List<String> out = new ArrayList<>(VALUE_FIELDS);
        out.addAll(List.of(more));
        return out;
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
