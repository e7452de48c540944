package grassroots.access;

import java.time.OffsetDateTime;

/**
 * A returns file uploaded through the web, as the state database holds it. Its file is kept under
 * {@code WAREHOUSE/submissions/<id>/} with its SHA-256.
 *
 * @param region the smallest region holding every row of the file (at least the uploader's scope)
 * @param units  distinct regions of the form's grain among the accepted rows
 */
public record Submission(long id, String form, int year, String region, String uploader, String fileName,
                         String sha256, long sizeBytes, Status status, int rows, int accepted, int rejected, int units,
                         String comment, OffsetDateTime createdAt, OffsetDateTime submittedAt,
                         OffsetDateTime decidedAt, String decidedBy, OffsetDateTime publishedAt, Long publicationId,
                         Integer revision) {

    /** Where a submission is on its way: checked → submitted → approved → publishing → published (or returned). */
    public enum Status {
        CHECKED, SUBMITTED, RETURNED, APPROVED, PUBLISHING, PUBLISHED, SUPERSEDED;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Status ofId(String id) { return valueOf(id.toUpperCase(java.util.Locale.ROOT)); }
    }

    /** What the check found, to be stored with a new submission. */
    public record Checked(String form, int year, String region, String uploader, String fileName, String sha256,
                          long sizeBytes, int rows, int accepted, int rejected, int units) {}
}
