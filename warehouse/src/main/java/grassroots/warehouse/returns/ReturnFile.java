package grassroots.warehouse.returns;

import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A returns file as found on disk, inspected before Spark reads it: which form it holds (told by its header), where its
 * header row is (title lines above it are skipped), which column feeds which field, and what in its header is unknown
 * or missing. A file that cannot be used is reported whole, with its reason, and the others go on.
 *
 * @param path         where the file is read from (absolute)
 * @param name         the file as the warehouse records it: its path relative to the returns directory, so that no
 *                     path of the server reaches a reader of the warehouse
 * @param charset      the text encoding of a CSV file (null for .xlsx)
 * @param columnFields for each column of the file, the index of the form field it feeds, or -1 when it is ignored
 */
public record ReturnFile(String path, String name, String charset, String formId, long submittedAt, long headerRecord,
                         int[] columnFields, List<String> ignoredColumns, List<String> missingFields, Text problem)
        implements Serializable {

    /** How many leading records may be titles ("村(居)民委员会基本情况年报", "填报单位：…") before the header. */
    private static final int MAX_TITLE_ROWS = 10;

    public boolean usable() {
        return problem == null;
    }

    /**
     * A file an earlier run inspected and read, unchanged since (same size and time): its form and header findings as
     * that run reported them. It is not read again (an incremental run takes its rows over), so where its columns are
     * is not needed; nor is its encoding, which only a read of the whole file tells.
     */
    public static ReturnFile unchanged(Path file, Path returnsDir, String formId, long submittedAt, List<String> ignoredColumns,
                                       List<String> missingFields) {
        return new ReturnFile(file.toAbsolutePath().toString(), returnsDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString(),
                null, formId, submittedAt, -1, new int[0], ignoredColumns, missingFields, null);
    }

    /** Inspects {@code file}, found under {@code returnsDir}. */
    public static ReturnFile inspect(Path file, Path returnsDir, Catalog catalog, Limits limits) {
        String path = file.toAbsolutePath().toString();
        String name = returnsDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
        long submittedAt = 0;
        String charset = null;
        List<Records.Record> head;
        try {
            submittedAt = Files.getLastModifiedTime(file).toMillis();
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) return broken(path, name, submittedAt, limits.fileTooLarge(size).text());
            if (!Records.isExcel(file)) charset = Decoding.charsetOf(file).name();
            head = Records.head(file, charset == null ? null : Charset.forName(charset), MAX_TITLE_ROWS, limits);
        } catch (IOException e) {
            return broken(path, name, submittedAt, Text.of("文件无法读取：" + e.getMessage(), "cannot read the file: " + e.getMessage()));
        } catch (Records.Unreadable e) {
            return broken(path, name, submittedAt, e.text());
        }
        for (Records.Record rec : head) {
            Optional<ReturnFile> header = asHeader(path, name, charset, submittedAt, rec, catalog);
            if (header.isPresent()) return header.get();
        }
        return broken(path, name, submittedAt, Text.of(
                "前" + MAX_TITLE_ROWS + "行中找不到任何报表(JC-1、JC-2…)的表头：须含区划代码列和年份列",
                "no header of a known form (JC-1, JC-2 …) in the first " + MAX_TITLE_ROWS
                        + " rows: it needs the region code and year columns"));
    }

    /** A record is a form's header when it names that form's region code and year columns. */
    private static Optional<ReturnFile> asHeader(String path, String name, String charset, long submittedAt,
                                                 Records.Record rec, Catalog catalog) {
        List<String> cells = rec.cells();
        for (Form form : catalog.forms()) {
            int[] columnFields = new int[cells.size()];
            List<String> ignored = new ArrayList<>();
            boolean[] present = new boolean[form.fields().size()];
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                Optional<Field> f = form.fieldForHeader(cell);
                int idx = f.map(form.fields()::indexOf).orElse(-1);
                if (idx >= 0 && present[idx]) idx = -1; // a repeated column: the first one counts
                columnFields[c] = idx;
                if (idx >= 0) present[idx] = true;
                else if (!cell.isBlank()) ignored.add(cell.strip());
            }
            int region = form.fields().indexOf(form.requireField(form.regionField()));
            int year = form.fields().indexOf(form.requireField(Form.YEAR_FIELD));
            if (present[region] && present[year]) {
                List<String> missing = new ArrayList<>();
                for (int i = 0; i < present.length; i++) if (!present[i]) missing.add(form.fields().get(i).id());
                return Optional.of(new ReturnFile(path, name, charset, form.id(), submittedAt, rec.number(), columnFields,
                        List.copyOf(ignored), List.copyOf(missing), null));
            }
        }
        return Optional.empty();
    }

    private static ReturnFile broken(String path, String name, long submittedAt, Text problem) {
        return new ReturnFile(path, name, null, null, submittedAt, 0, new int[0], List.of(), List.of(),
                withoutServerPath(problem, path, name));
    }

    /** A reason as the warehouse records it: a library's message may quote the file's path on the server. */
    public static Text withoutServerPath(Text problem, String path, String name) {
        return Text.of(problem.zh().replace(path, name), problem.en().replace(path, name));
    }
}
