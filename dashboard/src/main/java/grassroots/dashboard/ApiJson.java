package grassroots.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import grassroots.warehouse.query.Analyses;
import grassroots.warehouse.query.IndicatorValue;

/**
 * The JSON shape of the API's answers, decided here rather than by the warehouse's records: names in snake_case
 * (region_code, reported_units …), and through Jackson mix-ins what a record shows beyond its components (completeness,
 * low_completeness) and which wrapped value is shown flat (a trend row is a value plus its change).
 */
final class ApiJson {
    private ApiJson() {}

    static ObjectMapper mapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .addMixIn(IndicatorValue.class, WithLowCompleteness.class)
                .addMixIn(Analyses.CompletenessRow.class, WithLowCompleteness.class)
                .addMixIn(Analyses.Outlier.class, WithCompleteness.class)
                .addMixIn(Analyses.TrendValue.class, ValueShownFlat.class)
                .addMixIn(Analyses.RankedValue.class, ValueShownFlat.class)
                .addMixIn(Analyses.PeerValue.class, ValueShownFlat.class);
    }

    /** Rows that show the share of expected returns received. */
    private interface WithCompleteness {
        @JsonProperty("completeness")
        double completeness();
    }

    /** … and whether that share is below the catalog's low-completeness threshold (in this order: a download's columns). */
    private interface WithLowCompleteness {
        @JsonProperty("completeness")
        double completeness();

        @JsonProperty("low_completeness")
        boolean lowCompleteness();
    }

    /** Rows that add to a value: its fields are shown beside theirs, not nested. */
    private interface ValueShownFlat {
        @JsonUnwrapped
        IndicatorValue value();
    }
}
