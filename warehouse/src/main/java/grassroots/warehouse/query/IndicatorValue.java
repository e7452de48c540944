package grassroots.warehouse.query;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An indicator's value for one region and year, with what it was computed from: value = factor × numerator /
 * denominator (null when the denominator is 0), and how complete the returns behind it are.
 */
public record IndicatorValue(String regionCode, String regionName, String shortName, String level, int year,
                             Double value, Double numerator, Double denominator,
                             long reportedUnits, long expectedUnits) {

    /** Reported over expected units; 1 when nothing was expected. */
    @JsonProperty("completeness")
    public double completeness() {
        return expectedUnits == 0 ? 1.0 : (double) reportedUnits / expectedUnits;
    }
}
