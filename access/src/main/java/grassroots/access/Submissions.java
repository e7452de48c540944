package grassroots.access;

import grassroots.access.Submission.Status;
import grassroots.warehouse.Text;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Submissions and their approval locks. Every change of status is one conditional update (from the statuses it may
 * come from), so a double click or two servers acting at once change a submission once; the unique keys keep one
 * submission awaiting review and one approval per (form, year, region). Nothing here holds a Java lock: several
 * servers may share the database.
 */
public final class Submissions {
    /** A change the submission's state does not allow (409), with the reason in both languages. */
    public static final class Conflict extends RuntimeException {
        private final Text text;

        public Conflict(Text text) {
            super(text.en());
            this.text = text;
        }

        public Text text() { return text; }
    }

    public record Lock(String form, int year, String region, long submissionId, String approvedBy, OffsetDateTime approvedAt) {}

    static final String COLUMNS = "id, form, report_year, region, uploader, file_name, sha256, size_bytes, status, rows_read, "
            + "accepted, rejected, units, comment, created_at, submitted_at, decided_at, decided_by, published_at, publication_id, revision";
    private static final int RETRIES = 5;

    private final Jdbc jdbc;

    public Submissions(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Stores a checked upload; refused while an approval lock covers its (form, year, region). */
    public Submission create(Submission.Checked c) {
        requireUnlocked(c.form(), c.year(), c.region());
        OffsetDateTime now = Jdbc.now();
        long id = jdbc.transaction(conn -> Jdbc.insert(conn, "INSERT INTO submissions (form, report_year, region, uploader, file_name, sha256, size_bytes, status, rows_read, "
                            + "accepted, rejected, units, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    c.form(), c.year(), c.region(), c.uploader(), c.fileName(), c.sha256(), c.sizeBytes(), Status.CHECKED.id(),
                    c.rows(), c.accepted(), c.rejected(), c.units(), now, now));
        return find(id).orElseThrow();
    }

    public Optional<Submission> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM submissions WHERE id = ?", Submissions::submission, id);
    }

    /** The submissions of a form and year whose region lies in {@code region} or holds it ({@code CN}: all), newest first. */
    public List<Submission> list(String form, int year, String region) {
        List<Submission> all = jdbc.list("SELECT " + COLUMNS + " FROM submissions WHERE form = ? AND report_year = ? ORDER BY id DESC",
                Submissions::submission, form, year);
        return all.stream().filter(s -> overlaps(s.region(), region)).toList();
    }

    /** The approval locks of a form and year. */
    public List<Lock> locks(String form, int year) {
        return jdbc.list("SELECT form, report_year, region, submission_id, approved_by, approved_at FROM approval_locks WHERE form = ? AND report_year = ?",
                rs -> new Lock(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getString(5), Jdbc.time(rs, "approved_at")),
                form, year);
    }

    /**
     * Sends a checked (or returned) submission for review. An earlier submission of the same (form, year, region)
     * still awaiting review is superseded by it: the unique pending key lets one of two at once win and the other
     * retry, so neither is lost and only one waits.
     */
    public Submission submit(long id) {
        Submission s = require(id);
        requireUnlocked(s.form(), s.year(), s.region());
        String key = s.form() + "|" + s.year() + "|" + s.region();
        for (int attempt = 1; ; attempt++) {
            try {
                int changed = jdbc.transaction(c -> {
                    OffsetDateTime now = Jdbc.now();
                    Jdbc.update(c, "UPDATE submissions SET status = ?, pending_key = NULL, updated_at = ? WHERE pending_key = ? AND id <> ?",
                            Status.SUPERSEDED.id(), now, key, id);
                    return Jdbc.update(c, "UPDATE submissions SET status = ?, pending_key = ?, submitted_at = ?, comment = NULL, updated_at = ? "
                            + "WHERE id = ? AND status IN (?, ?)", Status.SUBMITTED.id(), key, now, now, id, Status.CHECKED.id(), Status.RETURNED.id());
                });
                if (changed == 0) throw refused(require(id), "提交", "submitted");
                return require(id);
            } catch (IllegalStateException e) {
                if (!Jdbc.duplicateKey(e) || attempt >= RETRIES) throw e;
            }
        }
    }

    /** Approves a submission awaiting review and locks its (form, year, region), in one transaction. */
    public Submission approve(long id, String approver) {
        try {
            int changed = jdbc.transaction(c -> {
                OffsetDateTime now = Jdbc.now();
                int n = Jdbc.update(c, "UPDATE submissions SET status = ?, pending_key = NULL, decided_at = ?, decided_by = ?, updated_at = ? "
                        + "WHERE id = ? AND status = ?", Status.APPROVED.id(), now, approver, now, id, Status.SUBMITTED.id());
                if (n == 1) {
                    Jdbc.update(c, "INSERT INTO approval_locks (form, report_year, region, submission_id, approved_by, approved_at) "
                            + "SELECT form, report_year, region, id, ?, ? FROM submissions WHERE id = ?", approver, now, id);
                }
                return n;
            });
            if (changed == 0) throw refused(require(id), "审核通过", "approved");
            return require(id);
        } catch (IllegalStateException e) {
            if (!Jdbc.duplicateKey(e)) throw e;
            throw new Conflict(Text.of("该地区、报表和年份已有审核通过的报送，须先重新开放", "this region, form and year already has an approved submission; reopen it first"));
        }
    }

    /** Returns a submission awaiting review to its uploader with the reviewer's comment. */
    public Submission sendBack(long id, String reviewer, String comment) {
        OffsetDateTime now = Jdbc.now();
        int changed = jdbc.update("UPDATE submissions SET status = ?, pending_key = NULL, comment = ?, decided_at = ?, decided_by = ?, updated_at = ? "
                + "WHERE id = ? AND status = ?", Status.RETURNED.id(), comment, now, reviewer, now, id, Status.SUBMITTED.id());
        if (changed == 0) throw refused(require(id), "退回", "returned");
        return require(id);
    }

    /**
     * Lifts the approval lock of an approved or published submission's (form, year, region), so that a new upload may
     * replace it. One approved but not yet taken by the worker goes back to its uploader (returned); one being
     * published cannot be reopened until the publication ends.
     */
    public Submission reopen(long id, String manager, String comment) {
        int changed = jdbc.transaction(c -> {
            OffsetDateTime now = Jdbc.now();
            int n = Jdbc.update(c, "UPDATE submissions SET status = ?, comment = ?, updated_at = ? WHERE id = ? AND status = ?",
                    Status.RETURNED.id(), comment, now, id, Status.APPROVED.id());
            if (n == 0) n = Jdbc.update(c, "UPDATE submissions SET updated_at = ? WHERE id = ? AND status = ? "
                    + "AND EXISTS (SELECT 1 FROM approval_locks WHERE submission_id = ?)", now, id, Status.PUBLISHED.id(), id);
            if (n == 1) Jdbc.update(c, "DELETE FROM approval_locks WHERE submission_id = ?", id);
            return n;
        });
        if (changed == 0) throw refused(require(id), "重新开放", "reopened");
        return require(id);
    }

    /** Refuses when an approval lock covers the region or a region inside or around it. */
    public void requireUnlocked(String form, int year, String region) {
        for (Lock l : locks(form, year)) {
            if (overlaps(l.region(), region)) {
                throw new Conflict(Text.of("地区 " + l.region() + " 的 " + form + " " + year + " 年报表已审核通过并锁定，须由数据管理员重新开放后才能再次上报",
                        form + " " + year + " of region " + l.region() + " is approved and locked; a data manager must reopen it before a new upload"));
            }
        }
    }

    /** Whether one region lies in the other (NBS codes nest by prefix; CN holds all). */
    public static boolean overlaps(String a, String b) {
        if ("CN".equals(a) || "CN".equals(b)) return true;
        return a.startsWith(b) || b.startsWith(a);
    }

    Submission require(long id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no submission " + id));
    }

    private static Conflict refused(Submission s, String zhVerb, String enVerb) {
        return new Conflict(Text.of("报送 " + s.id() + " 当前状态为「" + zh(s.status()) + "」，不能" + zhVerb,
                "submission " + s.id() + " is " + s.status().id() + " and cannot be " + enVerb));
    }

    public static String zh(Status s) {
        return switch (s) {
            case CHECKED -> "已校验";
            case SUBMITTED -> "已提交";
            case RETURNED -> "已退回";
            case APPROVED -> "已审核通过";
            case PUBLISHING -> "发布中";
            case PUBLISHED -> "已发布";
            case SUPERSEDED -> "已被替代";
        };
    }

    static Submission submission(ResultSet rs) throws SQLException {
        return new Submission(rs.getLong("id"), rs.getString("form"), rs.getInt("report_year"), rs.getString("region"),
                rs.getString("uploader"), rs.getString("file_name"), rs.getString("sha256"), rs.getLong("size_bytes"),
                Status.ofId(rs.getString("status")), rs.getInt("rows_read"), rs.getInt("accepted"), rs.getInt("rejected"),
                rs.getInt("units"), rs.getString("comment"), Jdbc.time(rs, "created_at"), Jdbc.time(rs, "submitted_at"),
                Jdbc.time(rs, "decided_at"), rs.getString("decided_by"), Jdbc.time(rs, "published_at"),
                rs.getObject("publication_id", Long.class), rs.getObject("revision", Integer.class));
    }

    static List<Long> ids(String csv) {
        List<Long> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) return out;
        for (String s : csv.split(",")) out.add(Long.parseLong(s.strip()));
        return out;
    }
}
