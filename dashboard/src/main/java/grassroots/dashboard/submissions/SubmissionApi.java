package grassroots.dashboard.submissions;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.AccessState;
import grassroots.access.Authority;
import grassroots.access.Submission;
import grassroots.access.Submissions;
import grassroots.dashboard.ApiError;
import grassroots.dashboard.access.AuditTrail;
import grassroots.dashboard.access.JsonBody;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.returns.Limits;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Returns sent through the web: upload and check, the submission's own page, its problems as a marked-up workbook,
 * and the steps of review (submit, approve, return, reopen). Who may act is declared in Server (the authority) and
 * decided here by region: a submission is seen and submitted within the user's scope, and reviewed by a manager whose
 * scope holds its region. Every step is audited.
 */
public final class SubmissionApi {
    /** The largest upload, in MiB (system property {@code grassroots.submissions.maxUploadMb}, default 64). */
    public static final long MAX_UPLOAD_MB = Long.getLong("grassroots.submissions.maxUploadMb", 64);
    /** Problems listed in an answer; all of them are in the workbook. */
    static final int LISTED_PROBLEMS = 1000;

    private final AccessState state;
    private final AuditTrail audit;
    private final SubmissionFiles files;
    private final Catalog catalog;
    private final Supplier<RegionHierarchy> regions;
    private final Limits limits;
    private final ReturnCheck check;

    public SubmissionApi(AccessState state, AuditTrail audit, Path warehouseRoot, Catalog catalog, Supplier<RegionHierarchy> regions) {
        this.state = state;
        this.audit = audit;
        this.files = new SubmissionFiles(warehouseRoot);
        this.catalog = catalog;
        this.regions = regions;
        Limits etl = Limits.fromSystemProperties();
        this.limits = new Limits(Math.min(etl.maxFileBytes(), MAX_UPLOAD_MB << 20), etl.maxColumns(), etl.maxCellChars());
        this.check = new ReturnCheck(catalog, regions, limits);
    }

    SubmissionFiles files() { return files; }

    /** POST multipart {file, form, year}: checks the file and records it (status checked); publishes nothing. */
    public Handler upload() {
        return ctx -> {
            Viewer viewer = Viewer.of(ctx);
            long started = System.nanoTime();
            long declared = ctx.contentLength();
            if (declared > (MAX_UPLOAD_MB << 20) + (1 << 20)) throw tooLarge();
            UploadedFile upload;
            String formId, yearText;
            try {
                upload = ctx.uploadedFile("file");
                formId = ctx.formParam("form");
                yearText = ctx.formParam("year");
            } catch (RuntimeException e) {
                if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("size")) throw tooLarge();
                throw ApiError.badRequest("请以 multipart/form-data 上传：file、form、year", "upload as multipart/form-data with file, form and year");
            }
            if (upload == null) throw ApiError.badRequest("缺少文件(file)", "no file (file) in the upload");
            Form form = form(formId);
            int year = year(yearText);
            String extension = SubmissionFiles.extension(upload.filename());
            if (extension == null) {
                throw new ApiError(415, Text.of("只接受 .csv 或 .xlsx 报表文件", "only .csv and .xlsx returns files are accepted"));
            }
            SubmissionFiles.Incoming incoming;
            try (InputStream in = upload.content()) {
                incoming = files.receive(in, extension.equals(".xlsx"), limits.maxFileBytes());
            }
            if (incoming == null) throw tooLarge();
            String name = cleanName(upload.filename());
            try {
                ReturnCheck.Result result;
                try {
                    result = check.check(incoming.file(), form.id(), year, viewer.scope());
                } catch (ReturnCheck.Refused e) {
                    audit.record(ctx, "submission.upload", "refused", name, form.id() + " " + year + ": " + e.text().en(), null, null);
                    throw new ApiError(422, Text.of("无法接收该文件：" + e.text().zh(), "the file cannot be accepted: " + e.text().en()));
                }
                Submission s = conflicts(() -> state.submissions.create(new Submission.Checked(form.id(), year, result.region(),
                        viewer.user().name(), name, incoming.sha256(), incoming.size(), result.rows(), result.accepted(),
                        result.rejected(), result.units())));
                files.keep(incoming, s.id(), result);
                long millis = (System.nanoTime() - started) / 1_000_000;
                audit.record(ctx, "submission.upload", "ok", "submission " + s.id(), form.id() + " " + year + " region=" + s.region()
                        + " file=" + name + " sha256=" + s.sha256() + " accepted=" + s.accepted() + " rejected=" + s.rejected(), (long) s.rows(), millis);
                Map<String, Object> answer = SubmissionViews.of(s, form, regions.get());
                List<ReturnCheck.Problem> problems = result.problems();
                answer.put("problems", problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size())));
                answer.put("problems_total", problems.size());
                answer.put("check_millis", millis);
                ctx.status(201).json(answer);
            } finally {
                if (java.nio.file.Files.exists(incoming.dir())) files.discard(incoming.dir());
            }
        };
    }

    /** GET one submission, with its first problems. */
    public Handler one() {
        return ctx -> {
            Submission s = visible(ctx);
            Map<String, Object> answer = SubmissionViews.of(s, catalog.form(s.form()), regions.get());
            SubmissionFiles.Stored stored = files.checkOf(s.id());
            answer.put("problems", stored.problems().subList(0, Math.min(LISTED_PROBLEMS, stored.problems().size())));
            answer.put("problems_total", stored.problemsTotal());
            answer.put("locked", state.submissions.locks(s.form(), s.year()).stream().anyMatch(l -> l.submissionId() == s.id()));
            ctx.json(answer);
        };
    }

    /** GET ?format=xlsx: the uploaded file with its bad cells marked and a reason column. */
    public Handler problems() {
        return ctx -> {
            String format = ctx.queryParam("format");
            if (format != null && !format.equalsIgnoreCase("xlsx")) throw ApiError.badRequest("format 只能是 xlsx", "format must be xlsx");
            Submission s = visible(ctx);
            if (format == null) {
                SubmissionFiles.Stored stored = files.checkOf(s.id());
                ctx.json(Map.of("id", s.id(), "problems", stored.problems(), "problems_total", stored.problemsTotal()));
                return;
            }
            ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            ctx.header("Content-Disposition", "attachment; filename=\"submission-" + s.id() + "-problems.xlsx\"");
            ProblemsWorkbook.write(files.fileOf(s.id()), catalog.form(s.form()), files.checkOf(s.id()).problems(), catalog, limits,
                    ctx.outputStream());
            audit.record(ctx, "submission.problems", "ok", "submission " + s.id(), "xlsx", (long) s.rejected(), null);
        };
    }

    /** POST: a checked or returned submission goes to review (by its uploader, or a reporter of a scope holding it). */
    public Handler submit() {
        return ctx -> {
            Submission s = visible(ctx);
            Viewer v = Viewer.of(ctx);
            if (!s.uploader().equals(v.user().name()) && !v.scope().contains(s.region())) throw outside(v, s);
            step(ctx, s, "submission.submit", () -> state.submissions.submit(s.id()), null);
        };
    }

    public Handler approve() {
        return ctx -> {
            Submission s = reviewable(ctx);
            step(ctx, s, "submission.approve", () -> state.submissions.approve(s.id(), Viewer.of(ctx).user().name()), null);
        };
    }

    /** POST {"comment": …}: back to the uploader with the reviewer's reason. */
    public Handler sendBack() {
        return ctx -> {
            Submission s = reviewable(ctx);
            String comment = comment(ctx, true);
            step(ctx, s, "submission.return", () -> state.submissions.sendBack(s.id(), Viewer.of(ctx).user().name(), comment), comment);
        };
    }

    /** POST {"comment"?}: lifts the approval lock of the submission's region, form and year. */
    public Handler reopen() {
        return ctx -> {
            Submission s = reviewable(ctx);
            String comment = comment(ctx, false);
            step(ctx, s, "submission.reopen", () -> state.submissions.reopen(s.id(), Viewer.of(ctx).user().name(), comment), comment);
        };
    }

    private void step(Context ctx, Submission before, String action, Supplier<Submission> change, String comment) {
        Submission after;
        try {
            after = conflicts(change);
        } catch (ApiError e) {
            audit.record(ctx, action, "refused", "submission " + before.id(), e.text().en(), null, null);
            throw e;
        }
        audit.record(ctx, action, "ok", "submission " + after.id(), after.form() + " " + after.year() + " region=" + after.region()
                + " file=" + after.fileName() + " " + before.status().id() + "→" + after.status().id()
                + (comment == null ? "" : " comment=" + comment), (long) after.rows(), null);
        ctx.json(SubmissionViews.of(after, catalog.form(after.form()), regions.get()));
    }

    /** The submission of the path, if the viewer may see it: their own upload, or its region inside their scope. */
    private Submission visible(Context ctx) {
        Viewer v = Viewer.of(ctx);
        Submission s = find(ctx);
        if (!s.uploader().equals(v.user().name()) && !v.scope().contains(s.region())) throw outside(v, s);
        return s;
    }

    /** The submission of the path, if the viewer reviews its region (the authority is checked by the route). */
    private Submission reviewable(Context ctx) {
        Viewer v = Viewer.of(ctx);
        Submission s = find(ctx);
        if (!v.may(Authority.PUBLISH) || !v.scope().contains(s.region())) throw outside(v, s);
        return s;
    }

    private Submission find(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("没有这个报送", "no such submission");
        }
        return state.submissions.find(id).orElseThrow(() -> ApiError.notFound("没有这个报送：" + id, "no such submission: " + id));
    }

    private static ApiError outside(Viewer v, Submission s) {
        return ApiError.forbidden("报送 " + s.id() + " 的地区 " + s.region() + " 不在您的范围内(" + v.scope().code() + ")",
                "submission " + s.id() + " is for region " + s.region() + ", outside your scope (" + v.scope().code() + ")");
    }

    private static <T> T conflicts(Supplier<T> change) {
        try {
            return change.get();
        } catch (Submissions.Conflict e) {
            throw new ApiError(409, e.text());
        }
    }

    private Form form(String id) {
        if (id == null || id.isBlank()) throw ApiError.badRequest("缺少报表(form)", "no form given (form)");
        return catalog.forms().stream().filter(f -> f.id().equals(id.strip())).findFirst().orElseThrow(() ->
                ApiError.badRequest("未知的报表：" + id, "unknown form: " + id));
    }

    static int year(String text) {
        try {
            int y = Integer.parseInt(text == null ? "" : text.strip());
            if (y >= 1900 && y <= 9999) return y;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("年份(year)应为四位数字", "year must be a four-digit number");
    }

    private static String comment(Context ctx, boolean required) {
        String comment = null;
        if (ctx.body().isBlank()) {
            if (required) throw ApiError.badRequest("退回时须说明原因：{\"comment\": …}", "a return needs a reason: {\"comment\": …}");
        } else {
            JsonNode b = JsonBody.read(ctx);
            comment = JsonBody.text(b, "comment");
        }
        if (comment != null) comment = comment.strip();
        if (required && (comment == null || comment.isEmpty())) {
            throw ApiError.badRequest("退回时须说明原因：{\"comment\": …}", "a return needs a reason: {\"comment\": …}");
        }
        if (comment != null && comment.length() > 2000) throw ApiError.badRequest("说明过长(最多2000字)", "the comment is too long (2,000 characters at most)");
        return comment;
    }

    /** The name a person gave the file, without any path, for lists and the audit log. */
    static String cleanName(String name) {
        String n = name == null ? "" : name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
        return n.length() > 200 ? n.substring(n.length() - 200) : n;
    }

    private static ApiError tooLarge() {
        return new ApiError(413, Text.of("文件过大：网上报送最大 " + MAX_UPLOAD_MB + " MB", "the file is too large: uploads may be " + MAX_UPLOAD_MB + " MB at most"));
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
