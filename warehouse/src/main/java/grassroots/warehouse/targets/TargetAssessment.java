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
 *   <li>The <em>trend</em> is the least-squares line (Apache Commons Math) through the last {@value #TREND_YEARS}
 *       observed years up to the target year. A share of units (0–100 %) is fitted on the logit scale, a logistic
 *       trend that slows as coverage nears 100 % as adoption does (the straight line is badly optimistic near
 *       saturation: in notebook 01's backtest from mid-plan it put 19 provinces on track for the 2025 station target,
 *       of which one got there). An observed 0 % or 100 %, whose logit is infinite, counts as the middle of the values
 *       that publish as it (100.0 % as 99.975 % with one decimal), so the trend can reach a 100 % target at the
 *       published precision. Any other indicator is fitted on its own scale and kept at 0 or above.</li>
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

    /**
     * The judgement of one target. {@code gap} is how far the latest value still is from the target (≤ 0 once met);
     * {@code slope} is the trend's yearly change on the scale it is fitted on (logit for a share).
     */
    public record Result(String status, Integer latestYear, Double latestValue, Double gap, Double projectedValue,
                         Integer reachesIn, Integer trendFrom, Integer trendTo, Double slope, String method) {}

    private final boolean higherIsBetter;
    private final int decimals;
    private final boolean share;

    /**
     * @param higherIsBetter the indicator's direction
     * @param decimals       its published precision
     * @param share          a percentage of units, bounded by 0 and 100 (fitted on the logit scale)
     */
    public TargetAssessment(boolean higherIsBetter, int decimals, boolean share) {
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
        this.share = share;
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
            for (Point p : recent) line.addData(p.year(), toScale(p.value()));
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
                (share ? "logistic trend " : "linear trend ") + from + "–" + to);
    }

    /** The trend's value in a year, on the indicator's scale. */
    double fitted(SimpleRegression line, int year) {
        double y = line.predict(year);
        return share ? 100 / (1 + Math.exp(-y)) : Math.max(0, y);
    }

    /** A value on the scale the line is fitted on: the logit of a share, the value itself otherwise. */
    double toScale(double value) {
        if (!share) return value;
        // the middle of the values that publish as 0 % or 100 %: 0.025 and 99.975 with one decimal
        double edge = 0.25 * Math.pow(10, -decimals);
        double p = Math.max(edge, Math.min(100 - edge, value));
        return Math.log(p / (100 - p));
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
                        + "（占比类指标在logit尺度上拟合，即logistic趋势，越接近100%增长越慢；观测值0%或100%按公布后仍为该值的区间中点计）：推算值达到目标为“按趋势可实现”，否则为“按趋势难以实现”；只有一年数据时不作趋势判断。"
                        + "“达到年份”为最新值已达到时连续达到的起始年份，或按趋势首次达到的年份。",
                "A value meets the target when, rounded to its published precision (" + decimals + " decimal places), it is "
                        + cmpEn + " the target. Once the target year has data: \"achieved\" if it meets the target" + basicEn
                        + ", otherwise \"missed\". Before the target year, the least-squares line through the last "
                        + TREND_YEARS + " years of data is carried to the target year (for a share on the logit scale, a logistic trend that slows "
                        + "near 100 %; an observed 0 % or 100 % counts as the middle of the values that publish as it): "
                        + "\"on track\" if it meets the target there, otherwise \"off track\"; a single year of data gives no trend. "
                        + "\"Reaches in\" is the year since which the values have met the target, or the first year the trend meets it.");
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
