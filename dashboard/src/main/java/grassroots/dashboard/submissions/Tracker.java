package grassroots.dashboard.submissions;

import grassroots.access.AccessState;
import grassroots.access.Submission;
import grassroots.access.Submission.Status;
import grassroots.access.Submissions;
import grassroots.dashboard.ApiError;
import grassroots.dashboard.access.Viewer;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Who has reported: for a form and year, every region one level under {@code parent} (by default the user's scope)
 * with the units expected from it (the division table of that year), the units covered by its submissions, its latest
 * submission and status, whether that came before the form's deadline, and whether it is locked by an approval.
 */
public final class Tracker {
    /** Statuses whose units count as covered: sent for review or further. */
    private static final Set<Status> COVERING = Set.of(Status.SUBMITTED, Status.APPROVED, Status.PUBLISHING, Status.PUBLISHED);

    private final AccessState state;
    private final SubmissionFiles files;
    private final Catalog catalog;
    private final Supplier<RegionHierarchy> hierarchy;
    /** Expected units per region, by form and year: the division table never changes while the server runs. */
    private final Map<String, Map<String, Integer>> expected = new ConcurrentHashMap<>();

    public Tracker(AccessState state, SubmissionApi api, Catalog catalog, Supplier<RegionHierarchy> hierarchy) {
        this.state = state;
        this.files = api.files();
        this.catalog = catalog;
        this.hierarchy = hierarchy;
    }

    /** GET ?form=&year=&parent= */
    public Handler handler() {
        return ctx -> ctx.json(rows(ctx));
    }

    private Map<String, Object> rows(Context ctx) {
        Viewer v = Viewer.of(ctx);
        String formId = ctx.queryParam("form");
        Form form = catalog.forms().stream().filter(f -> f.id().equals(formId)).findFirst().orElseThrow(() ->
                ApiError.badRequest("未知的报表：" + formId, "unknown form: " + formId));
        int year = SubmissionApi.year(ctx.queryParam("year"));
        String parent = ctx.queryParam("parent");
        if (parent == null || parent.isBlank()) parent = v.scope().code();
        parent = parent.strip();
        if (!"CN".equals(parent) && regions().get(parent) == null) throw ApiError.badRequest("未知的地区：" + parent, "unknown region: " + parent);
        v.requireInside(parent);

        List<Region> children = childrenOf(parent, form, year);
        List<Submission> subs = state.submissions.list(form.id(), year, parent);
        List<Submissions.Lock> locks = state.submissions.locks(form.id(), year);
        Map<String, Integer> expect = expected.computeIfAbsent(form.id() + "|" + year, k -> expectedUnits(form, year));

        List<Map<String, Object>> rows = new ArrayList<>();
        int expectedTotal = 0, coveredTotal = 0;
        for (Region c : children) {
            List<Submission> touching = subs.stream().filter(s -> Submissions.overlaps(s.region(), c.code())).toList();
            Submission latest = touching.stream().filter(s -> s.status() != Status.SUPERSEDED).max(Comparator.comparingLong(Submission::id)).orElse(null);
            int exp = expect.getOrDefault(c.code(), 0);
            int covered = Math.min(exp, covered(touching, c.code()));
            expectedTotal += exp;
            coveredTotal += covered;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("code", c.code());
            row.put("name", c.name());
            row.put("expected_units", exp);
            row.put("covered_units", covered);
            row.put("status", latest == null ? "not_started" : latest.status().id());
            row.put("status_zh", latest == null ? "未开始" : Submissions.zh(latest.status()));
            row.put("last_submission", latest == null ? null : SubmissionViews.of(latest, form, regions()));
            row.put("on_time", latest == null ? null : SubmissionViews.onTime(latest.submittedAt(), form, year));
            row.put("locked", locks.stream().anyMatch(l -> Submissions.overlaps(l.region(), c.code())));
            rows.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("form", form.id());
        answer.put("year", year);
        answer.put("parent", parent);
        answer.put("parent_name", SubmissionViews.nameOf(parent, regions()));
        answer.put("deadline", SubmissionViews.deadline(form, year) == null ? null : SubmissionViews.deadline(form, year).toLocalDate().minusDays(1));
        answer.put("expected_units", expectedTotal);
        answer.put("covered_units", coveredTotal);
        answer.put("regions", rows);
        answer.put("submissions", subs.stream().limit(200).map(s -> SubmissionViews.of(s, form, regions())).toList());
        return answer;
    }

    private RegionHierarchy regions() {
        return hierarchy.get();
    }

    /** The regions one level under {@code parent} valid that year; the parent itself at the level just above the grain. */
    private List<Region> childrenOf(String parent, Form form, int year) {
        Level level = "CN".equals(parent) ? Level.NATION : Level.ofCode(parent);
        if (level.ordinal() + 1 >= form.grain().ordinal()) return List.of(regions().require(parent));
        List<Region> out = new ArrayList<>();
        for (Region r : regions().children(parent)) if (r.validIn(year) && r.administered()) out.add(r);
        out.sort(Comparator.comparing(Region::code));
        return out;
    }

    /** Units covered under {@code code}: per submitted region, its latest covering submission's count there. */
    private int covered(List<Submission> touching, String code) {
        Map<String, Submission> latestPerRegion = new HashMap<>();
        for (Submission s : touching) {
            if (!COVERING.contains(s.status())) continue;
            latestPerRegion.merge(s.region(), s, (a, b) -> a.id() > b.id() ? a : b);
        }
        int sum = 0;
        for (Submission s : latestPerRegion.values()) sum += files.checkOf(s.id()).coverage().getOrDefault(code, 0);
        return sum;
    }

    /** Administered units of the form's grain valid that year, counted under each region above them. */
    private Map<String, Integer> expectedUnits(Form form, int year) {
        Map<String, Integer> out = new HashMap<>();
        for (Region r : regions().all()) {
            if (r.level() != form.grain() || !r.administered() || !r.validIn(year)) continue;
            out.merge(Level.NATION_CODE, 1, Integer::sum);
            for (int i = 1; i < form.grain().ordinal(); i++) out.merge(Level.values()[i].ancestorOf(r.code()), 1, Integer::sum);
        }
        return out;
    }
}
