package grassroots.warehouse.targets;

import grassroots.warehouse.targets.TargetAssessment.Point;
import grassroots.warehouse.targets.TargetAssessment.Result;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hand-worked cases: every expected number is worked out in the comment beside it, never taken from the code's
 * output. Least squares: slope = Σ(x−x̄)(y−ȳ) / Σ(x−x̄)², line(x) = ȳ + slope·(x−x̄). A share is fitted on
 * y = logit(p) = ln(p / (100 − p)) and read back as p = 100 / (1 + e^−y). A value meets a 100 % target published with
 * one decimal when it rounds to 100.0, i.e. p ≥ 99.95 (odds p/(100−p) ≥ 1999, logit ≥ ln 1999 = 7.6004).
 */
class TargetAssessmentTest {
    /** A share of units published with one decimal, higher is better. */
    private final TargetAssessment share = new TargetAssessment(true, 1, true);

    private static List<Point> series(int from, double... values) {
        List<Point> out = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) out.add(new Point(from + i, values[i]));
        return out;
    }

    @Test
    void aSeriesWhoseTrendReaches100In2024IsOnTrackFor2025() {
        // Odds 4, 40, 400 in 2021–2023 (80 %, 97.56 %, 99.75 %): logits ln 4 + k·ln 10, on one line, slope ln 10 = 2.3026.
        // 2023: odds 400 → 99.7506 → 99.8 (not yet); 2024: odds 4000 → 99.9750 → 100.0 → reaches in 2024.
        // 2025: odds 40000 → 99.9975 → 100.0 → on track. gap = 100 − 99.7506 = 0.2494.
        Result r = share.assess(series(2021, 80, 100.0 * 40 / 41, 100.0 * 400 / 401), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        assertEquals(99.9975, r.projectedValue(), 1e-4);
        assertEquals(Math.log(10), r.slope(), 1e-9);
        assertEquals(0.2494, r.gap(), 1e-4);
        assertEquals(2021, r.trendFrom());
        assertEquals(2023, r.trendTo());
        assertEquals("logistic trend 2021–2023", r.method());
    }

    @Test
    void aSeriesObservedAt100From2024IsOnTrackAndReachedIn2024() {
        // 2020–2024: 80, 85, 90, 95, 100. The latest meets 100 and 95 in 2023 does not → reached in 2024.
        // Logits: ln 4 = 1.3863, ln(85/15) = 1.7346, ln 9 = 2.1972, ln 19 = 2.9444, and 100 % counts as 99.975 %:
        // ln(99.975/0.025) = ln 3999 = 8.2938. x̄ = 2022, ȳ = 16.5563/5 = 3.3113;
        // Σdx·y = −2·1.3863 − 1.7346 + 2.9444 + 2·8.2938 = 15.0248, Σdx² = 10 → slope 1.5025.
        // line(2025) = 3.3113 + 3·1.5025 = 7.8187 → 100/(1 + e^−7.8187) = 99.9598 → 100.0 → on track.
        // (Without the published precision a logistic trend could never be "on track" for 100 %.)
        Result r = share.assess(series(2020, 80, 85, 90, 95, 100), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        assertEquals(99.9598, r.projectedValue(), 1e-4);
        assertEquals(1.5025, r.slope(), 1e-4);
        assertEquals(0, r.gap(), 1e-9);
    }

    @Test
    void aSeriesThatStallsAt97IsOffTrack() {
        // 2019–2023: 94, 96, 97, 97, 97. Logits: ln(94/6) = 2.7515, ln 24 = 3.1781, ln(97/3) = 3.4761 (three times).
        // x̄ = 2021, ȳ = 16.3579/5 = 3.2716; Σdx·y = −2·2.7515 − 3.1781 + 3.4761 + 2·3.4761 = 1.7472 → slope 0.17472.
        // line(2025) = 3.2716 + 4·0.17472 = 3.9705 → 98.1484 → 98.1 < 100 → off track.
        // Meets 100.0 when the logit reaches ln 1999 = 7.6004: 2021 + (7.6004 − 3.2716)/0.17472 = 2021 + 24.78:
        // line(2045) = 7.4649 → 99.9427 → 99.9 (no); line(2046) = 7.6396 → 99.9519 → 100.0 → reaches in 2046.
        Result r = share.assess(series(2019, 94, 96, 97, 97, 97), 2025, 100, null);
        assertEquals("off_track", r.status());
        assertEquals(98.1484, r.projectedValue(), 1e-4);
        assertEquals(0.17472, r.slope(), 1e-5);
        assertEquals(2046, r.reachesIn());
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
        // A rate (not a share: a straight line) to bring down to at most 5.0 (one decimal) by 2025; 2021–2023: 8.0, 7.0, 6.2.
        // x̄ = 2022, ȳ = 21.2/3 = 7.0667; Σdx·dy = (−1)(0.9333) + 0 + (1)(−0.8667) = −1.8, Σdx² = 2 → slope −0.9.
        // line(2024) = 7.0667 − 0.9·2 = 5.2667 → 5.3 > 5 (no); line(2025) = 7.0667 − 2.7 = 4.3667 → 4.4 ≤ 5 (yes):
        // on track, reaches in 2025. gap = latest − target = 6.2 − 5 = 1.2.
        TargetAssessment rate = new TargetAssessment(false, 1, false);
        Result r = rate.assess(series(2021, 8.0, 7.0, 6.2), 2025, 5, null);
        assertEquals("on_track", r.status());
        assertEquals(2025, r.reachesIn());
        assertEquals(4.3667, r.projectedValue(), 1e-4);
        assertEquals(-0.9, r.slope(), 1e-9);
        assertEquals(1.2, r.gap(), 1e-9);
        assertEquals("linear trend 2021–2023", r.method());
        // by 2024 it falls short: line(2024) = 5.2667 → 5.3 > 5.0
        assertEquals("off_track", rate.assess(series(2021, 8.0, 7.0, 6.2), 2024, 5, null).status());
        // a count cannot fall below 0: line(2032) = 7.0667 − 0.9·10 = −1.93 → 0
        assertEquals(0, rate.assess(series(2021, 8.0, 7.0, 6.2), 2032, 5, null).projectedValue(), 1e-9);
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
        // 2021–2023: 99.90, 99.92, 99.94. Logits: ln(99.90/0.10) = 6.9068, ln(99.92/0.08) = 7.1301,
        // ln(99.94/0.06) = 7.4180; x̄ = 2022, ȳ = 7.1516, slope = (7.4180 − 6.9068)/2 = 0.2556.
        // line(2024) = 7.1516 + 2·0.2556 = 7.6628 ≥ 7.6004 → 99.9530 → 100.0: reaches in 2024;
        // line(2025) = 7.9184 → 99.9636 → 100.0 → on track.
        Result r = share.assess(series(2021, 99.90, 99.92, 99.94), 2025, 100, null);
        assertEquals("on_track", r.status());
        assertEquals(2024, r.reachesIn());
        assertEquals(99.9636, r.projectedValue(), 1e-4);
        // published with two decimals 99.9636 is 99.96 < 100 → off track; 100.00 needs p ≥ 99.995, logit ≥ ln 19999 = 9.9034:
        // 2022 + (9.9034 − 7.1516)/0.2556 = 2022 + 10.77 → 2033
        Result two = new TargetAssessment(true, 2, true).assess(series(2021, 99.90, 99.92, 99.94), 2025, 100, null);
        assertEquals("off_track", two.status());
        assertEquals(2033, two.reachesIn());
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
        assertTrue(rule.zh().contains("logit"), rule.zh());
        assertTrue(rule.en().contains("1 decimal places") && rule.en().contains("least-squares"), rule.en());
        assertFalse(share.rule(null).zh().contains("基本实现"));
    }
}
