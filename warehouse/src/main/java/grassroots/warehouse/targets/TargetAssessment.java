package grassroots.warehouse.targets;

import grassroots.warehouse.Text;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;

/**
 * Where a series of yearly values stands on a plan target, by one rule that can be said in a sentence:
 * <ul>
 *   <li>A value <em>meets</em> the target when, rounded to the indicator's published precision ({@code decimals}),
 *       it is at least the target (at most, for a lower-is-better indicator). So 99.96 % meets a 100 % target
 *       published with one decimal, as the published table would show 100.0 %.</li>
 *   <li>The <em>trend</em> is the least-squares line through the last {@value #TREND_YEARS} observed years up to the
 *       target year (Apache Commons Math), kept within the indicator's feasible range (0–100 % for a share).</li>
 *   <li>Once the target year has a value, the target is {@code achieved} if that value meets it,
 *       {@code basically_achieved} if it meets the threshold the catalog declares for 基本实现 (when it declares one),
 *       else {@code missed}.</li>
 *   <li>Before the target year, it is {@code on_track} when the trend at the target year meets the target, else
 *       {@code off_track}; with a single year of data there is no trend ({@code no_trend}); with none, {@code no_data}.</li>
 *   <li>{@code reaches_in}: if the latest value meets the target, the first year of the run of years, up to the latest,
 *       in which every value met it; otherwise the first year after the latest in which the trend meets it, when the
 *       trend moves towards the target (none when it is flat or moves away).</li>
 * </ul>
 * Pure Java over (year, value) points: the warehouse fetches the series, this judges it.
 */
public final class TargetAssessment {
    /** How many recent observed years the trend is fitted through. */
    public static final int TREND_YEARS = 5;
    /** How far past the latest year {@code reaches_in} looks for the trend to meet the target. */
    static final int HORIZON_YEARS = 50;

    /** One observed value. */
    public record Point(int year, double value) {}

    /** The judgement of one target. {@code gap} is how far the latest value still is from the target (≤ 0 once met). */
    public record Result(String status, Integer latestYear, Double latestValue, Double gap, Double projectedValue,
                         Integer reachesIn, Integer trendFrom, Integer trendTo, Double slope, String method) {}

    private final boolean higherIsBetter;
    private final int decimals;
    private final double min;
    private final double max;

    /**
     * @param higherIsBetter the indicator's direction
     * @param decimals       its published precision
     * @param min            the lowest value it can take (0 for counts and shares)
     * @param max            the highest ({@code 100} for a share of units, {@link Double#POSITIVE_INFINITY} otherwise)
     */
    public TargetAssessment(boolean higherIsBetter, int decimals, double min, double max) {
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
        this.min = min;
        this.max = max;
    }

    /**
     * Judges a target of {@code target} by {@code targetYear}; {@code basically} is the 基本实现 threshold declared with
     * the target, or null. Points after the target year are ignored.
     */
    public Result assess(List<Point> series, int targetYear, double target, Double basically) {
        List<Point> known = series.stream().filter(p -> p.year() <= targetYear && !Double.isNaN(p.value()))
                .sorted(Comparator.comparingInt(Point::year)).toList();
        if (known.isEmpty()) return new Result("no_data", null, null, null, null, null, null, null, null, null);
        Point latest = known.get(known.size() - 1);
        double gap = higherIsBetter ? target - latest.value() : latest.value() - target;
        List<Point> recent = known.subList(Math.max(0, known.size() - TREND_YEARS), known.size());
        SimpleRegression line = null;
        if (recent.size() >= 2) {
            line = new SimpleRegression();
            for (Point p : recent) line.addData(p.year(), p.value());
        }
        Integer reachesIn = reachesIn(known, line, target);
        Integer from = line == null ? null : recent.get(0).year();
        Integer to = line == null ? null : latest.year();
        Double slope = line == null ? null : line.getSlope();
        if (latest.year() == targetYear) {
            String status = meets(latest.value(), target) ? "achieved"
                    : basically != null && meets(latest.value(), basically) ? "basically_achieved" : "missed";
            return new Result(status, latest.year(), latest.value(), gap, latest.value(), reachesIn, from, to, slope, "observed");
        }
        if (line == null) {
            return new Result("no_trend", latest.year(), latest.value(), gap, null, reachesIn, null, null, null, "single year");
        }
        double projected = fitted(line, targetYear);
        String status = meets(projected, target) ? "on_track" : "off_track";
        return new Result(status, latest.year(), latest.value(), gap, projected, reachesIn, from, to, slope,
                "linear trend " + from + "–" + to);
    }

    /** The trend's value in a year, kept within the feasible range. */
    double fitted(SimpleRegression line, int year) {
        return Math.max(min, Math.min(max, line.predict(year)));
    }

    /** Whether a value, rounded to the published precision, meets a threshold in the indicator's direction. */
    public boolean meets(double value, double threshold) {
        double published = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
        return higherIsBetter ? published >= threshold : published <= threshold;
    }

    private Integer reachesIn(List<Point> known, SimpleRegression line, double target) {
        Point latest = known.get(known.size() - 1);
        if (meets(latest.value(), target)) {
            int since = latest.year();
            for (int i = known.size() - 1; i >= 0 && meets(known.get(i).value(), target); i--) since = known.get(i).year();
            return since;
        }
        if (line == null) return null;
        double slope = line.getSlope();
        if (higherIsBetter ? slope <= 0 : slope >= 0) return null;
        for (int year = latest.year() + 1; year <= latest.year() + HORIZON_YEARS; year++) {
            if (meets(fitted(line, year), target)) return year;
        }
        return null;
    }

    /** The rule in words, for the API answer and the dictionary page. */
    public Text rule(Double basically) {
        String basicZh = basically == null ? "" : "，达到" + plain(basically) + "为“基本实现”";
        String basicEn = basically == null ? "" : "; \"basically achieved\" when it meets " + plain(basically);
        String cmpZh = higherIsBetter ? "不低于" : "不高于";
        String cmpEn = higherIsBetter ? "at least" : "at most";
        return Text.of(
                "数值按公布精度（" + decimals + "位小数）四舍五入后" + cmpZh + "目标值即为达到目标。目标年已有数据时，达到为“已实现”"
                        + basicZh + "，否则为“未实现”。目标年之前，用最近" + TREND_YEARS + "年数据的最小二乘直线趋势推算到目标年"
                        + "（不超出指标的取值范围）：推算值达到目标为“按趋势可实现”，否则为“按趋势难以实现”；只有一年数据时不作趋势判断。"
                        + "“达到年份”为最新值已达到时连续达到的起始年份，或按趋势首次达到的年份。",
                "A value meets the target when, rounded to its published precision (" + decimals + " decimal places), it is "
                        + cmpEn + " the target. Once the target year has data: \"achieved\" if it meets the target" + basicEn
                        + ", otherwise \"missed\". Before the target year, the least-squares line through the last "
                        + TREND_YEARS + " years of data is carried to the target year (kept within the indicator's range): "
                        + "\"on track\" if it meets the target there, otherwise \"off track\"; a single year of data gives no trend. "
                        + "\"Reaches in\" is the year since which the values have met the target, or the first year the trend meets it.");
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
