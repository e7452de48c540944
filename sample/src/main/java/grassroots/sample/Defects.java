package grassroots.sample;

import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults real returns have, injected into the sample at a rate (deterministic for a seed), so that every path of the
 * ETL is exercised. A faulty row gets one of: an unknown region code, text in a number field, a numerator above its
 * denominator (a broken cross-field rule), a duplicate, a resubmitted revision (in a file of its own, with a revision number and date), or (JC-1) a unit
 * name that differs from the division table. Once per run, three broken files: one cut off mid-line, an empty one,
 * and one that is not a return at all.
 */
final class Defects {
    private final long seed;
    private final double rate;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicInteger revisionFiles = new AtomicInteger();

    Defects(long seed, double rate) {
        this.seed = seed;
        this.rate = rate;
    }

    long rows() { return rows.get(); }
    int revisionFiles() { return revisionFiles.get(); }

    /** The rows to write for one generated row: itself, altered, or twice; a revision goes to {@code revisions}. */
    List<Object[]> apply(Form form, Object[] row, int year, List<Object[]> revisions) {
        if (rate <= 0) return List.<Object[]>of(row);
        int code = index(form, form.regionField());
        long key = Noise.key(seed, Long.parseLong((String) row[code]), year, 40);
        if (Noise.uniform(key) >= rate) return List.<Object[]>of(row);
        rows.incrementAndGet();
        Object[] bad = row.clone();
        boolean unitForm = form.nameField() != null;
        int kind = (int) (Noise.uniform(key + 1) * (unitForm ? 6 : 5));
        switch (kind) {
            case 0 -> bad[code] = ((String) row[code]).substring(0, ((String) row[code]).length() - 3) + "999";
            case 1 -> {
                int f = index(form, unitForm ? "population" : "station_staff");
                bad[f] = "约" + row[f];
            }
            case 2 -> {
                // a numerator above its denominator: more staffed grid cells than grid cells
                if (unitForm) bad[index(form, "grid_staffed")] = ((Number) row[index(form, "grid_total")]).longValue() + 2;
                else {
                    bad[index(form, "has_social_work_station")] = 0;
                    bad[index(form, "station_staff")] = 3;
                }
            }
            case 3 -> {
                return List.<Object[]>of(row, row.clone());
            }
            case 4 -> {
                Object[] revision = row.clone();
                int f = index(form, unitForm ? "population" : "station_staff");
                revision[f] = ((Number) row[f]).longValue() + 1;
                revision[index(form, "revision")] = 2;
                revision[index(form, "submitted_on")] = (year + 1) + "-03-15";
                revisions.add(revision);
                return List.<Object[]>of(row);
            }
            default -> bad[index(form, form.nameField())] = row[index(form, form.nameField())] + "（原）";
        }
        return List.<Object[]>of(bad);
    }

    /** A bureau's corrected rows, sent later as a file of their own. */
    long writeRevisions(Path out, Form form, String province, int year, List<Object[]> revisions) {
        Path file = out.resolve(form.id()).resolve(province).resolve(form.id() + "_" + province + "_" + year + "_修订.csv");
        try (ReturnWriter w = ReturnWriter.open(file, ReturnWriter.Format.CSV)) {
            w.header(form.fieldIds());
            for (Object[] r : revisions) w.row(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        revisionFiles.incrementAndGet();
        return revisions.size();
    }

    /** The three broken files of a run, in {@code out/defects/}; returns how many. */
    int brokenFiles(Path out, Path someReturn) {
        Path dir = out.resolve("defects");
        try {
            Files.createDirectories(dir);
            // an upload cut off: the first part of a real return, ending mid-line (mid-zip for a workbook)
            byte[] bytes = Files.readAllBytes(someReturn);
            int cut = bytes.length / 2;
            if (someReturn.toString().endsWith(".csv")) {
                while (cut < bytes.length && bytes[cut] != '\n') cut++;
                cut = Math.min(cut + 20, bytes.length - 1);
            }
            Files.write(dir.resolve("截断_" + someReturn.getFileName()), java.util.Arrays.copyOf(bytes, cut));
            Files.writeString(dir.resolve("空文件.csv"), "");
            Files.writeString(dir.resolve("填报说明.csv"), "序号,事项,说明\n1,报送时间,每年3月31日前\n2,联系人,统计科\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
        return 3;
    }

    private static int index(Form form, String field) {
        List<Field> fields = form.fields();
        for (int i = 0; i < fields.size(); i++) if (fields.get(i).id().equals(field)) return i;
        throw new IllegalArgumentException(form.id() + " has no field " + field);
    }
}
