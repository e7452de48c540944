package grassroots.warehouse.query;

import grassroots.warehouse.Text;

import java.util.List;

/**
 * The answers of the analysis queries (each carries the completeness of the values it shows). Plain records: the
 * dashboard decides how they read as JSON.
 */
public final class Analyses {
    private Analyses() {}

    /** A value in a trend, with its change from the previous year shown. */
    public record TrendValue(IndicatorValue value, Double change) {}

    /**
     * A value ranked among its siblings (regions with the same parent): rank 1 is the best given the indicator's
     * direction; percentile 100 is the best, 0 the worst.
     */
    public record RankedValue(IndicatorValue value, Integer rank, long siblings, Double percentile,
                              String parentCode, String parentName, Double parentValue) {}

    /** The spread of a region's children (or descendants at one level). */
    public record Distribution(IndicatorValue region, String level, long count, Double min, Double p25, Double median,
                               Double p75, Double max, List<IndicatorValue> children) {}

    /** A region with what peer groups compare: its size and how urban it is. */
    public record PeerValue(IndicatorValue value, Double population, Double urbanShare, Double distance) {}

    /** The regions of the same level most like a region in population and urban share, and how it compares. */
    public record PeerGroup(PeerValue region, List<PeerValue> peers, Double peerMedian, Integer rankInGroup,
                            int groupSize) {}

    /**
     * A plan target and where the region stands: the latest value, the gap still to close (positive = short of the
     * target), the recent trend projected to the target year, the year the values or the trend reach it, and the
     * status with the {@code rule} that gave it (see {@link grassroots.warehouse.targets.TargetAssessment}).
     * {@code inherited}: the target was set for an ancestor (a national plan applies to every province).
     */
    public record TargetStatus(String plan, String scope, boolean inherited, int year, double target,
                               Double basicallyAchieved, String source, Text note, Integer latestYear, Double latestValue,
                               Double gap, Double projectedValue, Boolean onTrack, Integer reachesIn, String status,
                               String method, Text rule) {}

    /** One region in a scatter of two indicators. */
    public record Point(String regionCode, String regionName, String shortName, Double x, Double y, Double population,
                        double completenessX, double completenessY) {}

    /** Two indicators across regions: Pearson and Spearman correlation over the regions that have both. */
    public record Correlation(String x, String y, String level, int year, long n, Double pearson, Double spearman,
                              List<Point> points) {}

    /** Reported vs expected returns of one form for a region and year. */
    public record CompletenessRow(String form, String regionCode, String regionName, String shortName, String level,
                                  int year, long reportedUnits, long expectedUnits) {
        public double completeness() {
            return expectedUnits == 0 ? 1.0 : (double) reportedUnits / expectedUnits;
        }

        public boolean lowCompleteness() {
            return completeness() < IndicatorValue.LOW_COMPLETENESS;
        }
    }

    /**
     * A value flagged as unusual: {@code kind} "siblings" (far from the median of the regions with the same parent,
     * {@code reference}) or "jump" (an unusual change from last year's value, {@code reference}); {@code score} is the
     * robust z-score.
     */
    public record Outlier(String kind, String indicator, String level, String regionCode, String regionName, int year,
                          double value, double reference, double score, long reportedUnits, long expectedUnits) {
        public double completeness() {
            return expectedUnits == 0 ? 1.0 : (double) reportedUnits / expectedUnits;
        }
    }

    public record RuleCount(String rule, String field, long count, String messageZh, String messageEn) {}

    public record RegionCount(String regionCode, String regionName, long count) {}

    public record QuarantinedValue(String sourceFile, long sourceRow, String regionCode, Integer year, String field,
                                   String rule, String value, String messageZh, String messageEn) {}

    /** What the ETL rejected: by rule, by province, and a sample of rows with their messages. */
    public record QuarantineSummary(long rows, List<RuleCount> byRule, List<RegionCount> byRegion,
                                    List<QuarantinedValue> sample) {}
}
