package grassroots.warehouse.targets;

import grassroots.warehouse.targets.TargetAssessment.Point;
import grassroots.warehouse.targets.TargetAssessment.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hand-worked cases: every expected number below is worked out in the comment beside it from the least-squares
 * formulas slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², line(x) = ȳ + slope·(x−x̄), never taken from the code's output.
 */
class TargetAssessmentTest {
    /** A share of units published with one decimal, higher is better, 0–100 %. */
    private final TargetAssessment share = new TargetAssessment(true, 1, 0, 100);

    private static List<Point> series(int from, double... values) {
        List<Point> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) out.add(new Point(from + i, values[i]));
        return out;
    }

    @Test
    void aSeriesWhoseTrendReaches100In2024IsOnTrackFor2025() {
        // 2020–2022: 84, 88, 92. x̄ = 2021, ȳ = 88; Σdxdy = (−1)(−4) + 0 + (1)(4) = 8, Σdx² = 2 → slope 4 per year.
        // line(2023) = 88 + 4·2 = 96, line(2024) = 88 + 4·3 = 100 → first meets 100 in 2024.
        // line(2025) = 88 + 4·4 = 104, kept within 0–100 → 100 → meets → on track.
        // gap = 100 − 92 = 8.
        Result r = share.assess(series(2020, 84, 88, 92), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        assertEquals(100, r.projectedValue(), 1e-9);
        assertEquals(4, r.slope(), 1e-9);
        assertEquals(8, r.gap(), 1e-9);
        assertEquals(2020, r.trendFrom());
        assertEquals(2022, r.trendTo());
    }

    @Test
    void aSeriesObservedAt100From2024IsOnTrackAndReachedIn2024() {
        // 2020–2024: 80, 85, 90, 95, 100. The latest value meets 100, and so does only 2024 before it → reaches in 2024.
        // x̄ = 2022, ȳ = 90, Σdxdy = (−2)(−10) + (−1)(−5) + 0 + 5 + 20 = 50, Σdx² = 10 → slope 5;
        // line(2025) = 90 + 5·3 = 105 → 100 (feasible range) → on track. (On a logit scale 100 % cannot be reached.)
        Result r = share.assess(series(2020, 80, 85, 90, 95, 100), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        assertEquals(100, r.projectedValue(), 1e-9);
        assertEquals(0, r.gap(), 1e-9);
    }

    @Test
    void aSeriesThatStallsAt97IsOffTrack() {
        // 2019–2023: 94, 96, 97, 97, 97. x̄ = 2021, ȳ = 481/5 = 96.2;
        // Σdxdy = (−2)(−2.2) + (−1)(−0.2) + 0·0.8 + 1·0.8 + 2·0.8 = 4.4 + 0.2 + 0.8 + 1.6 = 7.0, Σdx² = 10 → slope 0.7.
        // line(2025) = 96.2 + 0.7·4 = 99.0 → 99.0 < 100 → off track.
        // Meets 100 when 96.2 + 0.7·k ≥ 99.95 → k ≥ 5.36: line(2026) = 99.7 (no), line(2027) = 100.4 (yes) → 2027.
        Result r = share.assess(series(2019, 94, 96, 97, 97, 97), 2025, 100, null);
        assertEquals("off_track", r.status());
        assertEquals(99.0, r.projectedValue(), 1e-9);
        assertEquals(0.7, r.slope(), 1e-9);
        assertEquals(2027, r.reachesIn());
        assertEquals(3, r.gap(), 1e-9);
    }

    @Test
    void aFlatSeriesNeverReaches() {
        // 97, 97, 97: slope 0 → the trend never moves towards 100 → no year; line(2025) = 97 → off track.
        Result r = share.assess(series(2021, 97, 97, 97), 2025, 100, null);
        assertEquals("off_track", r.status());
        assertNull(r.reachesIn());
        assertEquals(97, r.projectedValue(), 1e-9);
    }

    @Test
    void aLowerIsBetterTarget() {
        // A rate to bring down to at most 5.0 (one decimal) by 2025; 2021–2023: 8.0, 7.0, 6.2.
        // x̄ = 2022, ȳ = 21.2/3 = 7.0667; Σdxdy = (−1)(0.9333) + 0 + (1)(−0.8667) = −1.8, Σdx² = 2 → slope −0.9.
        // line(2024) = 7.0667 − 0.9·2 = 5.2667 → 5.3 > 5 (no); line(2025) = 7.0667 − 2.7 = 4.3667 → 4.4 ≤ 5 (yes):
        // on track, reaches in 2025. gap = latest − target = 6.2 − 5 = 1.2.
        TargetAssessment rate = new TargetAssessment(false, 1, 0, Double.POSITIVE_INFINITY);
        Result r = rate.assess(series(2021, 8.0, 7.0, 6.2), 2025, 5, null);
        assertEquals("on_track", r.status());
        assertEquals(2025, r.reachesIn());
        assertEquals(4.3667, r.projectedValue(), 1e-4);
        assertEquals(-0.9, r.slope(), 1e-9);
        assertEquals(1.2, r.gap(), 1e-9);
        // by 2024 it falls short: line(2024) = 5.2667 → 5.3 > 5.0
        assertEquals("off_track", rate.assess(series(2021, 8.0, 7.0, 6.2), 2024, 5, null).status());
    }

    @Test
    void onePointGivesNoTrend() {
        // a single year: no line can be fitted, so no projection and no judgement of the trend
        Result r = share.assess(series(2023, 90), 2025, 100, null);
        assertEquals("no_trend", r.status());
        assertNull(r.projectedValue());
        assertNull(r.reachesIn());
        assertEquals(10, r.gap(), 1e-9);
        // a single year that already meets the target still says since when: 2023
        assertEquals(2023, share.assess(series(2023, 100), 2025, 100, null).reachesIn());
    }

    @Test
    void noDataUpToTheTargetYear() {
        // the only value is after the target year, which the judgement ignores
        Result r = share.assess(series(2019, 50), 2018, 100, null);
        assertEquals("no_data", r.status());
        assertNull(r.latestYear());
    }

    @Test
    void publishedPrecisionDecides() {
        // 2021–2023: 99.90, 99.92, 99.94 → slope 0.02, x̄ = 2022, ȳ = 99.92.
        // line(2024) = 99.92 + 0.04 = 99.96 → published with one decimal as 100.0 → meets; reaches in 2024.
        // line(2025) = 99.98 → 100.0 → on track.
        Result r = share.assess(series(2021, 99.90, 99.92, 99.94), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        // published with two decimals, 99.98 stays 99.98 < 100 → off track; line(2026) = 100.00 → reaches in 2026
        Result two = new TargetAssessment(true, 2, 0, 100).assess(series(2021, 99.90, 99.92, 99.94), 2025, 100, null);
        assertEquals("off_track", two.status());
        assertEquals(2026, two.reachesIn());
    }

    @Test
    void theTargetYearObservedIsAchievedBasicallyAchievedOrMissed() {
        // 99.96 in 2025 → 100.0 published → achieved; the run of years meeting it starts in 2025
        Result achieved = share.assess(series(2024, 99.0, 99.96), 2025, 100, 95.0);
        assertEquals("achieved", achieved.status());
        assertEquals(2025, achieved.reachesIn());
        assertEquals("observed", achieved.method());
        // 96.0 meets the declared 基本实现 threshold of 95 but not 100
        assertEquals("basically_achieved", share.assess(series(2024, 93.0, 96.0), 2025, 100, 95.0).status());
        // 94.96 → 95.0 published → basically achieved; 94.94 → 94.9 → missed
        assertEquals("basically_achieved", share.assess(series(2025, 94.96), 2025, 100, 95.0).status());
        assertEquals("missed", share.assess(series(2025, 94.94), 2025, 100, 95.0).status());
        // without a declared threshold there is no 基本实现
        assertEquals("missed", share.assess(series(2024, 93.0, 96.0), 2025, 100, null).status());
    }

    @Test
    void theRuleIsSaidInBothLanguages() {
        var rule = share.rule(95.0);
        assertTrue(rule.zh().contains("1位小数") && rule.zh().contains("基本实现") && rule.zh().contains("95"), rule.zh());
        assertTrue(rule.en().contains("1 decimal places") && rule.en().contains("least-squares"), rule.en());
        assertFalse(share.rule(null).zh().contains("基本实现"));
    }
}
