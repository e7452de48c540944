package grassroots.dashboard.submissions;

import grassroots.access.Submission;
import grassroots.access.Submissions;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Submissions as the API shows them (snake_case, statuses by id with their Chinese name, the deadline kept or not). */
final class SubmissionViews {
    /** Deadlines are days in China. */
    static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    private SubmissionViews() {}

    static Map<String, Object> of(Submission s, Form form, RegionHierarchy regions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("form", s.form());
        m.put("year", s.year());
        m.put("region", s.region());
        m.put("region_name", nameOf(s.region(), regions));
        m.put("uploader", s.uploader());
        m.put("file_name", s.fileName());
        m.put("sha256", s.sha256());
        m.put("size_bytes", s.sizeBytes());
        m.put("status", s.status().id());
        m.put("status_zh", Submissions.zh(s.status()));
        m.put("rows", s.rows());
        m.put("accepted", s.accepted());
        m.put("rejected", s.rejected());
        m.put("units", s.units());
        m.put("comment", s.comment());
        m.put("created_at", s.createdAt());
        m.put("submitted_at", s.submittedAt());
        m.put("decided_at", s.decidedAt());
        m.put("decided_by", s.decidedBy());
        m.put("published_at", s.publishedAt());
        m.put("publication_id", s.publicationId());
        m.put("revision", s.revision());
        m.put("on_time", onTime(s.submittedAt(), form, s.year()));
        return m;
    }

    static String nameOf(String code, RegionHierarchy regions) {
        Region r = regions.get(code);
        return r == null ? ("CN".equals(code) ? "全国" : code) : r.name();
    }

    /** The last moment a year's return is on time: the end of the form's deadline day (China time), or null. */
    static OffsetDateTime deadline(Form form, int year) {
        if (form.deadline() == null) return null;
        return LocalDate.of(year + 1, form.deadline().month(), form.deadline().day()).plusDays(1).atStartOfDay().atOffset(CHINA);
    }

    /** Whether a return submitted at {@code at} came before the deadline; null when not submitted or without a deadline. */
    static Boolean onTime(OffsetDateTime at, Form form, int year) {
        OffsetDateTime d = deadline(form, year);
        return at == null || d == null ? null : at.isBefore(d);
    }
}
