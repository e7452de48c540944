package grassroots.dashboard.report;

import grassroots.dashboard.ApiError;
import grassroots.dashboard.QueryParams;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.catalog.PlanPeriod;
import grassroots.warehouse.query.RegionInfo;
import grassroots.warehouse.query.Warehouse;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /api/report?region=CODE&plan=十四五&format=pdf|docx}: the five-year review report of a region (五年规划
 * 评估报告), for a region inside the user's scope (the route needs the REPORTS authority). {@code plan} defaults to
 * the plan of the latest data year, {@code format} to pdf.
 */
public final class ReportHandler {
    private ReportHandler() {}

    public static void report(Context ctx, Warehouse w) {
        String code = QueryParams.required(ctx, "region");
        RegionInfo region = w.region(code).orElseThrow(() -> ApiError.notFound("未知的区划代码：" + code, "unknown region code: " + code));
        // a report names the region's children and their values: only for a region inside the user's scope
        Viewer.of(ctx).requireInside(region.code());
        PlanPeriod plan = plan(ctx, w);
        String format = ctx.queryParamAsClass("format", String.class).check(f -> f == null || f.equals("pdf") || f.equals("docx"),
                QueryParams.error("format 应为 pdf 或 docx", "format must be pdf or docx", true)).getOrDefault("pdf");
        ReportData data = ReportData.gather(w, region, plan);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format.equals("pdf")) PdfReport.write(data, out);
        else DocxReport.write(data, out);
        String name = data.regionName() + "_" + plan.id() + "_评估报告." + format;
        String ascii = "report_" + region.code() + "_" + plan.from() + "-" + plan.to() + "." + format;
        ctx.contentType(format.equals("pdf") ? "application/pdf"
                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        ctx.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.result(out.toByteArray());
        grassroots.dashboard.Downloads.counted(ctx, 1);
    }

    private static PlanPeriod plan(Context ctx, Warehouse w) {
        List<PlanPeriod> plans = w.catalog().plans();
        String known = plans.stream().map(PlanPeriod::id).collect(Collectors.joining("、"));
        String id = ctx.queryParamAsClass("plan", String.class).check(p -> p == null || plans.stream().anyMatch(x -> x.id().equals(p)),
                QueryParams.error("plan 应为 " + known + " 之一", "plan must be one of " + known, true)).getOrNull();
        if (id == null) {
            List<Integer> years = w.years();
            int latest = years.isEmpty() ? 0 : years.get(years.size() - 1);
            return plans.stream().filter(p -> p.from() <= latest && latest <= p.to()).findFirst()
                    .orElse(plans.get(plans.size() - 1));
        }
        return plans.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
