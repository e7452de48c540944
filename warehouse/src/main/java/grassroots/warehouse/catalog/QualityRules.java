package grassroots.warehouse.catalog;

import grassroots.warehouse.regions.Level;

import java.util.List;

/**
 * {@code catalog/quality.yaml}: the form the quality pages open on, when a value rests on too few returns, the
 * completeness heat map's bands, and the outlier rule the marts flag values by.
 */
public record QualityRules(String defaultForm, Completeness completeness, Outliers outliers) {

    /** {@code low}: below this share of expected returns a value is flagged; {@code bands}: the heat map's band edges, ascending. */
    public record Completeness(double low, List<Double> bands) {
        public Completeness {
            bands = bands == null ? List.of() : List.copyOf(bands);
        }
    }

    /** |robust z| above {@code z} is flagged, among at least {@code minSiblings} regions of one parent, at {@code levels}. */
    public record Outliers(double z, int minSiblings, List<Level> levels) {
        public Outliers {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }
    }
}
