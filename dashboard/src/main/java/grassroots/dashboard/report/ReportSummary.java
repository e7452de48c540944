package grassroots.dashboard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.dashboard.report.ReportData.Section;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.query.Analyses.TargetStatus;
import grassroots.warehouse.query.IndicatorValue;
import grassroots.warehouse.regions.Level;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's words: Chinese sentences generated from the data by fixed templates, and the numbers as the report
 * prints them (rounded half up to the indicator's published decimals). Status names are the dashboard's own
 * ({@code public/i18n/zh-CN.json}), so the report and the pages say the same thing.
 */
public final class ReportSummary {
    private static final Map<String, String> ZH = loadLabels();
    /** How many leading and lagging children the summary names. */
    static final int NAMED_CHILDREN = 3;

    private ReportSummary() {}

    private static Map<String, String> loadLabels() {
        try (InputStream in = ReportSummary.class.getResourceAsStream("/public/i18n/zh-CN.json")) {
            JsonNode tree = new ObjectMapper().readTree(in);
            Map<String, String> out = new LinkedHashMap<>();
            tree.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dashboard's Chinese name of a target status (已实现, 未实现 …). */
    public static String status(String status) {
        return ZH.getOrDefault("status." + status, status);
    }

    /** A value as published: rounded half up to the indicator's decimals. */
    public static String number(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** A value with its unit: "83.8%", "8.0人/万人". */
    public static String value(Double value, Indicator ind) {
        return value == null ? "—" : number(value, ind.decimals()) + ind.unit().zh();
    }

    /** A change: percentage points for a share, the unit otherwise. */
    static String change(double delta, Indicator ind) {
        String amount = number(Math.abs(delta), ind.decimals());
        return "%".equals(ind.unit().zh()) ? amount + "个百分点" : amount + ind.unit().zh();
    }

    static String levelName(String level) {
        return switch (level) {
            case "nation" -> "全国";
            case "province" -> "省份";
            case "prefecture" -> "地市";
            case "county" -> "县（市、区）";
            case "township" -> "乡镇（街道）";
            default -> level;
        };
    }

    static String title(ReportData r) {
        return r.regionName() + "“" + r.plan().name().zh() + "”时期基层治理指标评估报告";
    }

    /** The opening paragraph: what is reviewed, the years, and the targets' statuses counted. */
    static String overview(ReportData r) {
        int latest = r.sections().stream().filter(s -> s.end() != null).mapToInt(s -> s.end().year()).max().orElse(r.baseYear());
        List<TargetStatus> targets = r.sections().stream().flatMap(s -> s.targets().stream()).toList();
        StringBuilder b = new StringBuilder();
        b.append("本报告评估").append(r.regionName()).append("在").append(r.plan().name().zh()).append("时期（")
                .append(r.plan().from()).append("—").append(r.plan().to()).append("年）").append(r.sections().size())
                .append("项基层治理指标的进展。基期为").append(r.baseYear()).append("年，数据截至").append(latest)
                .append("年（数据快照").append(r.snapshot()).append("）。");
        if (targets.isEmpty()) {
            b.append("本时期没有适用于").append(r.regionName()).append("的规划目标。");
        } else {
            Map<String, Long> byStatus = targets.stream().collect(Collectors.groupingBy(TargetStatus::status, LinkedHashMap::new, Collectors.counting()));
            b.append("本时期适用于").append(r.regionName()).append("的规划目标").append(targets.size()).append("项：")
                    .append(byStatus.entrySet().stream().map(e -> status(e.getKey()) + e.getValue() + "项").collect(Collectors.joining("，")))
                    .append("。");
        }
        return b.toString();
    }

    /** How the targets' statuses were judged (the rule /api/targets states), or null when no target applies. */
    static String method(ReportData r) {
        return r.sections().stream().flatMap(s -> s.targets().stream()).map(t -> "评估方法：" + t.rule().zh())
                .findFirst().orElse(null);
    }

    /** One paragraph per indicator: start and end, change, targets, rank, leaders and laggards, completeness. */
    static String indicator(ReportData r, Section s) {
        Indicator ind = s.indicator();
        String name = ind.name().zh();
        if (s.end() == null) return name + "：" + r.plan().name().zh() + "时期没有数据。";
        StringBuilder b = new StringBuilder(name).append("：");
        IndicatorValue start = s.start(), end = s.end();
        if (start.year() == end.year()) {
            b.append(end.year()).append("年为").append(value(end.value(), ind)).append("（仅此一年有数据）。");
        } else {
            double delta = end.value() - start.value();
            boolean better = ind.direction().higherIsBetter() ? delta > 0 : delta < 0;
            String moved = number(Math.abs(delta), ind.decimals()).matches("0(\\.0*)?") ? "基本持平"
                    : (delta > 0 ? "提高" : "下降") + change(delta, ind) + (better ? "，有所改善" : "，有所退步");
            b.append(start.year()).append("年为").append(value(start.value(), ind)).append("，").append(end.year())
                    .append("年为").append(value(end.value(), ind)).append("，").append(moved).append("。");
        }
        for (TargetStatus t : s.targets()) b.append(target(t, ind));
        if (s.rank() != null && s.rank().rank() != null) {
            b.append("在").append(s.rank().parentName() == null ? "同级" : s.rank().parentName()).append("所辖")
                    .append(s.rank().siblings()).append("个").append(levelName(r.region().level())).append("中居第")
                    .append(s.rank().rank()).append("位。");
        }
        b.append(children(s));
        b.append(completeness(r, s));
        return b.toString();
    }

    static String target(TargetStatus t, Indicator ind) {
        String scope = t.inherited() ? "（上级规划目标）" : "";
        String cmp = ind.direction().higherIsBetter() ? "达到" : "不高于";
        StringBuilder b = new StringBuilder(t.plan()).append("目标为").append(t.year()).append("年").append(cmp)
                .append(value(t.target(), ind)).append(scope).append("，评估结果：").append(status(t.status()));
        if (t.basicallyAchieved() != null) b.append("（").append(value(t.basicallyAchieved(), ind)).append("即为基本实现）");
        if (t.reachesIn() != null && t.latestYear() != null && t.reachesIn() <= t.latestYear()) {
            b.append("，自").append(t.reachesIn()).append("年起已达到目标");
        } else if (t.reachesIn() != null) {
            b.append("，按当前趋势预计").append(t.reachesIn()).append("年达到目标");
        }
        if (t.projectedValue() != null && ("on_track".equals(t.status()) || "off_track".equals(t.status()))) {
            b.append("，").append(t.year()).append("年趋势值").append(value(t.projectedValue(), ind));
        }
        return b.append("。").toString();
    }

    static String children(Section s) {
        List<IndicatorValue> c = s.children();
        if (c.size() < 2) return "";
        int n = Math.min(NAMED_CHILDREN, c.size() / 2);
        List<String> lead = new ArrayList<>(), lag = new ArrayList<>();
        for (int i = 0; i < n; i++) lead.add(c.get(i).regionName() + "（" + value(c.get(i).value(), s.indicator()) + "）");
        for (int i = c.size() - n; i < c.size(); i++) lag.add(c.get(i).regionName() + "（" + value(c.get(i).value(), s.indicator()) + "）");
        return "下辖" + c.size() + "个" + levelName(s.childLevel()) + "中，" + String.join("、", lead) + "领先，"
                + String.join("、", lag) + "靠后。";
    }

    static String completeness(ReportData r, Section s) {
        IndicatorValue end = s.end();
        String pct = number(100 * end.completeness(), 1) + "%";
        String text = r.plan().name().zh() + "时期" + r.planYears() + "年中有" + s.yearsWithData() + "年数据；" + end.year()
                + "年填报完整率" + pct;
        return text + (end.lowCompleteness() ? "，低于" + number(100 * IndicatorValue.LOW_COMPLETENESS, 0) + "%，数值仅供参考。" : "。");
    }

    /** The definition line of a section. */
    static String definition(Section s) {
        return "定义：" + s.indicator().definition().zh();
    }

    static String sources(Section s) {
        return "来源：" + s.sources().stream().map(x -> x.title().zh()).collect(Collectors.joining("；"));
    }

    /** The cover's lines under the title. */
    static List<String> cover(ReportData r) {
        String chain = r.ancestors().stream().filter(a -> !Level.NATION_CODE.equals(a.code())).map(a -> a.name())
                .collect(Collectors.joining(" · "));
        List<String> lines = new ArrayList<>();
        lines.add("区划：" + r.regionName() + "（" + r.region().code() + "）" + (chain.isEmpty() ? "" : "，隶属 " + chain));
        lines.add("规划期：" + r.plan().name().zh() + "（" + r.plan().from() + "—" + r.plan().to() + "年），基期 " + r.baseYear() + " 年");
        lines.add("数据快照：" + r.snapshot());
        lines.add("生成日期：" + r.generated());
        lines.add("由 Grassroots 基层治理指标系统根据数据自动生成");
        return lines;
    }

    /** The small table of a section: year, value, change, completeness. */
    static List<List<String>> table(ReportData r, Section s) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("年份", "数值（" + s.indicator().unit().zh() + "）", "较上年", "填报完整率"));
        Double previous = null;
        for (IndicatorValue v : s.inPlan(r.plan(), r.baseYear())) {
            String delta = previous == null ? "—" : (v.value() >= previous ? "+" : "−") + number(Math.abs(v.value() - previous), s.indicator().decimals());
            rows.add(List.of(String.valueOf(v.year()), number(v.value(), s.indicator().decimals()), delta,
                    number(100 * v.completeness(), 1) + "%"));
            previous = v.value();
        }
        return rows;
    }
}
