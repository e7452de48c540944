package grassroots.access;

import grassroots.access.Submission.Status;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The publishing queue: approved submissions, taken in order of approval by the ETL worker, each publication one ETL
 * run. A submission is taken by a conditional update (approved → publishing) and marked published in the same
 * transaction that ends its publication, so none is published twice; a worker that dies leaves a publication
 * running, which the next worker marks abandoned and whose submissions it takes again.
 */
public final class Publications {
    public record Publication(long id, String worker, String status, String stage, List<Long> submissions, String runId,
                              String report, String error, OffsetDateTime startedAt, OffsetDateTime finishedAt) {}

    private static final String COLUMNS = "id, worker, status, stage, submissions, run_id, report, error, started_at, finished_at";
    private static final int MAX_BATCH = 200;

    private final Jdbc jdbc;

    public Publications(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Approved submissions waiting for the worker, in the order they were approved. */
    public List<Submission> queue() {
        return jdbc.list("SELECT " + submissionColumns() + " FROM submissions WHERE status = ? ORDER BY decided_at, id",
                Submissions::submission, Status.APPROVED.id());
    }

    /**
     * After a worker died: its publication is marked abandoned and its submissions are approved again, to be taken by
     * this worker. Call only while holding the warehouse's worker lock (one worker per warehouse).
     */
    public int recover() {
        return jdbc.transaction(c -> {
            OffsetDateTime now = Jdbc.now();
            Jdbc.update(c, "UPDATE publications SET status = 'abandoned', finished_at = ?, error = ? WHERE status = 'running'",
                    now, "the worker stopped during the run / 发布进程在运行中停止");
            return Jdbc.update(c, "UPDATE submissions SET status = ?, publication_id = NULL, updated_at = ? WHERE status = ?",
                    Status.APPROVED.id(), now, Status.PUBLISHING.id());
        });
    }

    /** Starts a publication of the approved submissions (in order); empty when there is nothing to publish. */
    public Optional<Publication> take(String worker) {
        List<Submission> waiting = queue();
        if (waiting.isEmpty()) return Optional.empty();
        long id = jdbc.transaction(c -> {
            long pub = Jdbc.insert(c, "INSERT INTO publications (worker, status, stage, submissions, started_at) VALUES (?, 'running', ?, '', ?)",
                    cut(worker, 100), "queued", Jdbc.now());
            List<String> taken = new ArrayList<>();
            for (Submission s : waiting.subList(0, Math.min(MAX_BATCH, waiting.size()))) {
                if (Jdbc.update(c, "UPDATE submissions SET status = ?, publication_id = ?, updated_at = ? WHERE id = ? AND status = ?",
                        Status.PUBLISHING.id(), pub, Jdbc.now(), s.id(), Status.APPROVED.id()) == 1) {
                    taken.add(Long.toString(s.id()));
                }
            }
            Jdbc.update(c, "UPDATE publications SET submissions = ? WHERE id = ?", String.join(",", taken), pub);
            return pub;
        });
        Publication p = find(id).orElseThrow();
        if (p.submissions().isEmpty()) {
            jdbc.update("DELETE FROM publications WHERE id = ?", id);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** Submissions whose files belong in the returns directory: published, or being published. */
    public java.util.Set<Long> placed() {
        return new java.util.HashSet<>(jdbc.list("SELECT id FROM submissions WHERE status IN (?, ?)", rs -> rs.getLong(1),
                Status.PUBLISHED.id(), Status.PUBLISHING.id()));
    }

    /** The submissions a publication took, in the order they were approved. */
    public List<Submission> submissionsOf(long publication) {
        return jdbc.list("SELECT " + submissionColumns() + " FROM submissions WHERE publication_id = ? ORDER BY decided_at, id",
                Submissions::submission, publication);
    }

    public void stage(long publication, String stage) {
        jdbc.update("UPDATE publications SET stage = ? WHERE id = ? AND status = 'running'", cut(stage, 200), publication);
    }

    /** Ends a publication: it and its submissions published at once, each with the revision its rows carried. */
    public void published(long publication, String runId, String report, Map<Long, Integer> revisions) {
        jdbc.transaction(c -> {
            OffsetDateTime now = Jdbc.now();
            Jdbc.update(c, "UPDATE publications SET status = 'published', stage = 'done', run_id = ?, report = ?, finished_at = ? WHERE id = ?",
                    runId, cut(report, 20_000), now, publication);
            for (Map.Entry<Long, Integer> e : revisions.entrySet()) {
                Jdbc.update(c, "UPDATE submissions SET status = ?, published_at = ?, revision = ?, updated_at = ? "
                        + "WHERE id = ? AND publication_id = ? AND status = ?", Status.PUBLISHED.id(), now, e.getValue(), now,
                        e.getKey(), publication, Status.PUBLISHING.id());
            }
            return null;
        });
    }

    /** Ends a failed publication; its submissions wait again (in their order) for the next attempt. */
    public void failed(long publication, String error) {
        jdbc.transaction(c -> {
            OffsetDateTime now = Jdbc.now();
            Jdbc.update(c, "UPDATE publications SET status = 'failed', error = ?, finished_at = ? WHERE id = ?", cut(error, 2000), now, publication);
            Jdbc.update(c, "UPDATE submissions SET status = ?, publication_id = NULL, updated_at = ? WHERE publication_id = ? AND status = ?",
                    Status.APPROVED.id(), now, publication, Status.PUBLISHING.id());
            return null;
        });
    }

    public Optional<Publication> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM publications WHERE id = ?", Publications::publication, id);
    }

    /** The latest publications, newest first (the running one, if any, among them). */
    public List<Publication> latest(int n) {
        return jdbc.list("SELECT " + COLUMNS + " FROM publications ORDER BY id DESC LIMIT " + Math.max(1, Math.min(n, 100)),
                Publications::publication);
    }

    private static String submissionColumns() {
        return Submissions.COLUMNS;
    }

    private static Publication publication(ResultSet rs) throws SQLException {
        return new Publication(rs.getLong("id"), rs.getString("worker"), rs.getString("status"), rs.getString("stage"),
                Submissions.ids(rs.getString("submissions")), rs.getString("run_id"), rs.getString("report"), rs.getString("error"),
                Jdbc.time(rs, "started_at"), Jdbc.time(rs, "finished_at"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
