package grassroots.dashboard.submissions;

import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.access.AccessState;
import grassroots.access.Publications;
import grassroots.access.Submission;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.regions.RegionHierarchy;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** GET /api/publishing: the approved submissions waiting, the publication running with its stage, the last runs. */
public final class PublishingApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishingApi() {}

    public static Handler handler(AccessState state, Catalog catalog, Supplier<RegionHierarchy> regions) {
        return ctx -> {
            Viewer v = Viewer.of(ctx);
            List<Map<String, Object>> queue = state.publications.queue().stream()
                    .filter(s -> v.scope().contains(s.region()) || ownUpload(v, s))
                    .map(s -> SubmissionViews.of(s, catalog.form(s.form()), regions.get())).toList();
            List<Publications.Publication> latest = state.publications.latest(10);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("queue", queue);
            answer.put("running", latest.stream().filter(p -> p.status().equals("running")).findFirst().map(PublishingApi::view).orElse(null));
            answer.put("runs", latest.stream().filter(p -> !p.status().equals("running")).map(PublishingApi::view).toList());
            ctx.json(answer);
        };
    }

    private static boolean ownUpload(Viewer v, Submission s) {
        return v.user().name().equals(s.uploader());
    }

    private static Map<String, Object> view(Publications.Publication p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("status", p.status());
        m.put("stage", p.stage());
        m.put("submissions", p.submissions());
        m.put("run_id", p.runId());
        m.put("started_at", p.startedAt());
        m.put("finished_at", p.finishedAt());
        m.put("error", p.error());
        try {
            m.put("report", p.report() == null ? null : JSON.readTree(p.report()));
        } catch (Exception e) {
            m.put("report", null);
        }
        return m;
    }
}
