package grassroots.warehouse.catalog;

import grassroots.warehouse.Text;

import java.util.List;

/**
 * An indicator as declared in {@code catalog/indicators/<id>.yaml}. Its value for a region and year is always a ratio
 * of sums over the rows of {@code form} for that region's units in {@code population} that pass {@code filter}:
 * {@code factor × SUM(numerator) / SUM(denominator)}, counting only rows where both are present.
 * {@code numerator}, {@code denominator} and {@code filter} are SQL expressions over the form's field ids.
 * {@code share}: a bounded share (the numerator counts part of the denominator, factor 100, values 0–100 %), so
 * axes stop at 100 % and targets are projected on a logistic trend.
 */
public record Indicator(String id, Text name, Text definition, String form, Population population, String filter,
                        String numerator, String denominator, double factor, Text unit, boolean share, int decimals,
                        Direction direction, List<Target> targets, List<String> sources) {

    public Indicator {
        population = population == null ? Population.ALL : population;
        targets = targets == null ? List.of() : List.copyOf(targets);
        sources = sources == null ? List.of() : List.copyOf(sources);
        direction = direction == null ? Direction.HIGHER_IS_BETTER : direction;
    }

    /** The SQL condition a row must meet to count in this indicator (its population, filter, both terms present). */
    public String rowCondition() {
        return "(" + population.sql() + ") AND " + termsCondition();
    }

    /**
     * The SQL condition a row of the indicator's {@code population} must meet to count in it: the filter, both terms
     * present. (Sums grouped by urbanity test the population once per group, so that an urban and a rural indicator of
     * the same terms share one sum.)
     */
    public String termsCondition() {
        String c = "(" + numerator + ") IS NOT NULL AND (" + denominator + ") IS NOT NULL";
        return filter == null || filter.isBlank() ? c : c + " AND (" + filter + ")";
    }
}
