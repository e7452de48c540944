package grassroots.etl.steps;

import grassroots.etl.RunReport;
import grassroots.etl.RunReport.FileReport;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Step 1: what this run builds on and what it reads. A run is incremental when the current snapshot was published by
 * a run over the same returns directory with the same rules; every returns file is inspected (form, header, encoding)
 * on the driver, and a file that cannot be used is reported whole.
 */
public final class Plan {
    private Plan() {}

    /** Whether the run is incremental, and on what: the previous run and snapshot (none for a full run). */
    public static void decide(EtlRun run) {
        run.report.rulesVersion = rulesVersion(run);
        run.previous = previousRun(run);
        run.before = run.previous == null ? null : run.warehouse.requireCurrent();
        run.report.mode = run.previous == null ? "full" : "incremental";
        int removed = run.warehouse.removeUnfinished();
        if (removed > 0) run.progress.note(String.format("removed %d unfinished snapshot(s) of runs that did not complete", removed));
    }

    /** Inspects every returns file (form, header, encoding); a file that cannot be used is reported whole. */
    public static void inspect(EtlRun run, Path returnsDir) {
        run.progress.begin("inspect", "检查文件 / inspecting files");
        run.files = returnFiles(run, returnsDir);
        run.byFile = fileReports(run.files, run.report);
        run.progress.end(String.format("%d files, %d unusable", run.files.size(), run.report.brokenFiles));
    }

    /** What a run's results depend on besides the files: the forms, the division codes and how rows are staged. */
    private static String rulesVersion(EtlRun run) {
        RegionHierarchy h = RegionHierarchy.standard();
        return Integer.toHexString(java.util.Objects.hash(run.catalog.forms().toString(), h.crosswalk().toString(), h.size(),
                grassroots.warehouse.forms.FieldValues.MAX_MAGNITUDE, grassroots.etl.Schemas.STAGED_FORMAT));
    }

    /** The previous run to build on: the current snapshot's, over the same returns directory and rules. */
    private static RunReport previousRun(EtlRun run) {
        Snapshot current = run.warehouse.current().orElse(null);
        if (current == null || !Files.exists(current.manifest())) return null;
        RunReport before = RunReport.read(current.manifest());
        boolean same = "published".equals(before.status) && run.report.rulesVersion.equals(before.rulesVersion)
                && run.report.returnsKey.equals(before.returnsKey) && Files.isDirectory(current.dir().resolve("staged"));
        return same ? before : null;
    }

    private static List<ReturnFile> returnFiles(EtlRun run, Path returnsDir) {
        if (!Files.isDirectory(returnsDir)) {
            throw new IllegalArgumentException("报表目录不存在 / returns directory does not exist: " + returnsDir);
        }
        try (Stream<Path> s = Files.walk(returnsDir)) {
            List<Path> paths = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return name.endsWith(".csv") || name.endsWith(".xlsx");
                    })
                    .sorted(Comparator.comparing(Path::toString)).toList();
            Map<String, FileReport> before = new java.util.HashMap<>();
            if (run.previous != null) run.previous.files.forEach(f -> before.put(f.file, f));
            return paths.parallelStream().map(p -> {
                ReturnFile known = unchanged(p, returnsDir, before);
                return known != null ? known : ReturnFile.inspect(p, returnsDir, run.catalog, run.limits);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + returnsDir, e);
        }
    }

    /**
     * A file the previous run read without a problem, unchanged since (same size and time): taken as that run found it,
     * without reading it again (inspecting reads a whole CSV file to tell its encoding: seconds at national scale).
     */
    private static ReturnFile unchanged(Path file, Path returnsDir, Map<String, FileReport> before) {
        FileReport f = before.get(returnsDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString());
        if (f == null || f.form == null || f.problemEn != null) return null;
        try {
            if (Files.size(file) != f.sizeBytes || Files.getLastModifiedTime(file).toMillis() != f.modifiedAt) return null;
        } catch (IOException e) {
            return null;
        }
        return ReturnFile.unchanged(file, returnsDir, f.form, f.modifiedAt,
                f.ignoredColumns == null ? List.of() : f.ignoredColumns, f.missingFields == null ? List.of() : f.missingFields);
    }

    private static Map<String, FileReport> fileReports(List<ReturnFile> files, RunReport report) {
        Map<String, FileReport> byFile = new LinkedHashMap<>();
        for (ReturnFile f : files) {
            FileReport fr = new FileReport();
            fr.file = f.name();
            fr.form = f.formId();
            fr.modifiedAt = f.submittedAt();
            try {
                fr.sizeBytes = Files.size(Path.of(f.path()));
            } catch (IOException e) {
                fr.sizeBytes = -1;
            }
            if (!f.ignoredColumns().isEmpty()) fr.ignoredColumns = f.ignoredColumns();
            if (!f.missingFields().isEmpty()) fr.missingFields = f.missingFields();
            if (!f.usable()) {
                fr.problemZh = f.problem().zh();
                fr.problemEn = f.problem().en();
                report.brokenFiles++;
            }
            byFile.put(f.name(), fr);
            report.files.add(fr);
        }
        report.filesRead = files.size();
        return byFile;
    }
}
