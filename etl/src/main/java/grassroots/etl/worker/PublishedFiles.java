package grassroots.etl.worker;

import grassroots.access.Submission;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Duck;
import grassroots.warehouse.store.Snapshot;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Approved submissions as ordinary returns files: {@code RETURNS/web/<form>/<form>_<region>_<year>_web-<id>.csv}, in
 * UTF-8 with the form's field ids as header, every row of the upload as typed except rows for another region or
 * year than the submission's (the check reported those; they are not the uploader's to send). Each row carries the
 * submission's revision number and submission date ({@code revision}, {@code submitted_on}), which is how the ETL
 * tells the latest of several returns of a (unit, year): the revision is one above the highest the warehouse holds for
 * the form, so an approved resubmission replaces what was there, and later approvals replace earlier ones.
 */
final class PublishedFiles {
    static final String DIR = "web";
    private static final Pattern NAME = Pattern.compile(".*_web-(\\d+)\\.csv");

    private final Path returns;
    private final Path submissions;
    private final Catalog catalog;
    private final Limits limits;

    PublishedFiles(Path returns, Path warehouse, Catalog catalog, Limits limits) {
        this.returns = returns;
        this.submissions = warehouse.resolve("submissions");
        this.catalog = catalog;
        this.limits = limits;
    }

    /** Writes the files of {@code subs} (in order) and gives each submission's revision number. */
    Map<Long, Integer> place(List<Submission> subs, Snapshot current) {
        Map<String, Integer> next = new HashMap<>();
        Map<Long, Integer> revisions = new LinkedHashMap<>();
        for (Submission s : subs) {
            Form form = catalog.form(s.form());
            int revision = next.computeIfAbsent(form.id(), f -> highestRevision(form, current) + 1);
            next.put(form.id(), revision + 1);
            write(s, form, revision);
            revisions.put(s.id(), revision);
        }
        return revisions;
    }

    /**
     * Removes web files whose submission is not (being) published, e.g. one a failed attempt wrote before its
     * approval was reopened: nothing but approved submissions reaches the warehouse.
     */
    int removeStale(Set<Long> keep) {
        Path dir = returns.resolve(DIR);
        if (!Files.isDirectory(dir)) return 0;
        int removed = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (m.matches() && !keep.contains(Long.parseLong(m.group(1)))) {
                    Files.delete(p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + dir, e);
        }
        return removed;
    }

    Path target(Submission s) {
        return returns.resolve(DIR).resolve(s.form()).resolve(s.form() + "_" + s.region() + "_" + s.year() + "_web-" + s.id() + ".csv");
    }

    private void write(Submission s, Form form, int revision) {
        Path upload = upload(s.id());
        ReturnFile inspected = ReturnFile.inspect(upload, upload.getParent(), catalog, limits);
        if (!inspected.usable() || !form.id().equals(inspected.formId())) {
            throw new IllegalStateException("submission " + s.id() + ": its file no longer reads as " + form.id());
        }
        Path target = target(s), tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        List<Field> fields = form.fields();
        int region = fields.indexOf(form.requireField(form.regionField())), year = fields.indexOf(form.requireField(Form.YEAR_FIELD));
        int revisionIdx = fields.indexOf(form.requireField("revision")), submittedIdx = fields.indexOf(form.requireField("submitted_on"));
        String submittedOn = (s.submittedAt() == null ? s.createdAt() : s.submittedAt()).atZoneSameInstant(ZoneOffset.ofHours(8)).toLocalDate().toString();
        try {
            Files.createDirectories(target.getParent());
            Charset charset = inspected.charset() == null ? null : Charset.forName(inspected.charset());
            try (Records.Source in = Records.open(upload, charset, limits); Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                 CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
                out.printRecord(form.fieldIds());
                int[] columns = inspected.columnFields();
                for (Records.Record rec; (rec = in.next()) != null; ) {
                    if (rec.number() <= inspected.headerRecord() || rec.blank()) continue;
                    String[] raw = new String[fields.size()];
                    List<String> cells = rec.cells();
                    for (int c = 0; c < Math.min(columns.length, cells.size()); c++) if (columns[c] >= 0) raw[columns[c]] = cells.get(c);
                    if (!belongs(s, fields.get(region), raw[region], fields.get(year), raw[year])) continue;
                    raw[revisionIdx] = Integer.toString(revision);
                    raw[submittedIdx] = submittedOn;
                    List<String> row = new ArrayList<>(raw.length);
                    for (String v : raw) row.add(v == null ? "" : v);
                    out.printRecord(row);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } catch (Records.Unreadable e) {
            throw new IllegalStateException("submission " + s.id() + ": " + e.text().en(), e);
        }
    }

    /** A row is sent on unless its region lies outside the submission's or its year is another (as the check said). */
    private static boolean belongs(Submission s, Field regionField, String rawRegion, Field yearField, String rawYear) {
        try {
            Object code = FieldValues.parse(regionField, rawRegion);
            if (code != null && !"CN".equals(s.region()) && !((String) code).startsWith(s.region())) return false;
        } catch (InvalidValue unreadable) {
            // an unreadable code is loaded as the ETL would load it: quarantined with the reason
        }
        try {
            Object y = FieldValues.parse(yearField, rawYear);
            return y == null || ((Integer) y) == s.year();
        } catch (InvalidValue unreadable) {
            return true;
        }
    }

    private Path upload(long id) {
        Path dir = submissions.resolve(Long.toString(id));
        Path xlsx = dir.resolve("upload.xlsx");
        return Files.exists(xlsx) ? xlsx : dir.resolve("upload.csv");
    }

    /** The highest revision number the current snapshot holds for the form (facts and history), or 1. */
    private static int highestRevision(Form form, Snapshot current) {
        if (current == null) return 1;
        int max = 1;
        try (DuckDBConnection db = Duck.open()) {
            List<String> sources = new ArrayList<>();
            if (Snapshot.hasParquet(current.facts(form))) sources.add(Snapshot.readFacts(current.facts(form)));
            if (Snapshot.hasParquet(current.history(form))) sources.add("read_parquet(" + Duck.literal(Snapshot.parquetGlob(current.history(form))) + ", union_by_name = true)");
            for (String src : sources) {
                int[] found = {0};
                Duck.each(db, "SELECT coalesce(max(revision), 0) FROM " + src, r -> found[0] = r.getInt(1));
                max = Math.max(max, found[0]);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(Duck.message(e), e);
        }
        return max;
    }
}
