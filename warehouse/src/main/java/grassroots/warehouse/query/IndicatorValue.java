package grassroots.warehouse.query;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An indicator's value for one region and year, with what it was computed from: value = factor × numerator /
 * denominator (null when the denominator is 0), and how complete the returns behind it are.
 */
public record IndicatorValue(String regionCode, String regionName, String shortName, String level, int year,
                             Double value, Double numerator, Double denominator,
                             long reportedUnits, long expectedUnits) {

    /** Below this share of expected returns a value is flagged rather than shown as if it were whole ({@code catalog/quality.yaml}). */
    public static final double LOW_COMPLETENESS = grassroots.warehouse.catalog.Catalog.standard().quality().completeness().low();

    /** The columns {@link #read} expects, in order, from the marts' {@code indicator_values} table. */
    public static final String COLUMNS = "region_code, region_name, short_name, level, year, value, numerator, "
            + "denominator, reported_units, expected_units";

    /** Reported over expected units; 1 when nothing was expected. */
    public double completeness() {
        return expectedUnits == 0 ? 1.0 : (double) reportedUnits / expectedUnits;
    }

    public boolean lowCompleteness() {
        return completeness() < LOW_COMPLETENESS;
    }

    /** Reads {@link #COLUMNS} starting at column {@code first}. */
    static IndicatorValue read(ResultSet rs, int first) throws SQLException {
        int i = first;
        return new IndicatorValue(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2), rs.getString(i + 3),
                rs.getInt(i + 4), (Double) rs.getObject(i + 5), (Double) rs.getObject(i + 6), (Double) rs.getObject(i + 7),
                rs.getLong(i + 8), rs.getLong(i + 9));
    }
}
