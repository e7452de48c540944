package grassroots.etl.input;

import grassroots.etl.Schemas;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.List;

/**
 * Reads one returns file into Spark rows of {@link Schemas#parsed(Form)}: its source (file, row number, submission
 * time), each field as its type, the cells that could not be read, with why, and what the {@link RegionCheck} found of
 * its region code and name. Runs on the executors. The rows are Spark's internal ones (strings as UTF-8, dates as
 * days): made as external {@code Row}s, Spark's conversion of every value cost 13 % of the load's CPU.
 */
public final class ParsedRows implements Serializable {
    private final Form form;
    private final Limits limits;
    private final RegionCheck regions;
    /** Where the row's values go, from the schema's one declaration ({@link Schemas#parsed}). */
    private final int width, problemsAt, rawAt, fileProblemZhAt, fileProblemEnAt, regionUnknownAt, officialNameAt;
    private final int regionIndex, yearIndex, nameIndex;

    /** {@code regions}: the check of each row's code against the division table; null to read without it. */
    public ParsedRows(Form form, Limits limits, RegionCheck regions) {
        this.form = form;
        this.limits = limits;
        this.regions = regions;
        org.apache.spark.sql.types.StructType schema = Schemas.parsed(form);
        this.width = schema.size();
        this.problemsAt = schema.fieldIndex("problems");
        this.rawAt = schema.fieldIndex("raw");
        this.fileProblemZhAt = schema.fieldIndex("file_problem_zh");
        this.fileProblemEnAt = schema.fieldIndex("file_problem_en");
        this.regionUnknownAt = schema.fieldIndex("region_unknown");
        this.officialNameAt = schema.fieldIndex("official_name");
        List<Field> fields = form.fields();
        this.regionIndex = fields.indexOf(form.requireField(form.regionField()));
        this.yearIndex = fields.indexOf(form.requireField(Form.YEAR_FIELD));
        this.nameIndex = form.nameField() == null ? -1 : fields.indexOf(form.requireField(form.nameField()));
    }

    /**
     * The file's data rows (blank rows skipped), streamed as the file is read. A file found broken only while read
     * (cut off at the end, over a limit) ends in one marker row carrying the reason: the job drops the rows of a file
     * with a marker, so that the file is reported whole, and the run goes on.
     */
    public Iterator<InternalRow> read(ReturnFile file) {
        return new Iterator<>() {
            private Records.Source source;
            private final RegionCheck.Checker checker = regions == null ? null : regions.forFile();
            private final UTF8String name = UTF8String.fromString(file.name());
            private boolean done;
            private InternalRow next;

            {
                TaskContext task = TaskContext.get();
                if (task != null) task.addTaskCompletionListener((TaskCompletionListener) ctx -> close());
            }

            @Override
            public boolean hasNext() {
                if (next == null && !done) next = advance();
                return next != null;
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) throw new NoSuchElementException();
                InternalRow r = next;
                next = null;
                return r;
            }

            private InternalRow advance() {
                try {
                    if (source == null) {
                        source = Records.open(Path.of(file.path()),
                                file.charset() == null ? null : Charset.forName(file.charset()), limits);
                    }
                    for (Records.Record rec; (rec = source.next()) != null; ) {
                        if (rec.number() > file.headerRecord() && !rec.blank()) return row(file, name, rec, checker);
                    }
                    close();
                    return null;
                } catch (Records.Unreadable e) {
                    close();
                    return marker(file, name, ReturnFile.withoutServerPath(e.text(), file.path(), file.name()));
                }
            }

            private void close() {
                done = true;
                if (source != null) source.close();
            }
        };
    }

    private InternalRow marker(ReturnFile file, UTF8String name, grassroots.warehouse.Text problem) {
        Object[] marker = new Object[width];
        marker[0] = name;
        marker[1] = 0L;
        marker[2] = file.submittedAt();
        marker[problemsAt] = NO_PROBLEMS;
        marker[fileProblemZhAt] = utf8(problem.zh());
        marker[fileProblemEnAt] = utf8(problem.en());
        marker[regionUnknownAt] = false;
        return new GenericInternalRow(marker);
    }

    private static final GenericArrayData NO_PROBLEMS = new GenericArrayData(new Object[0]);

    private InternalRow row(ReturnFile file, UTF8String name, Records.Record rec, RegionCheck.Checker checker) {
        List<Field> fields = form.fields();
        String[] raw = new String[fields.size()];
        int[] columns = file.columnFields();
        List<String> cells = rec.cells();
        for (int c = 0; c < Math.min(columns.length, cells.size()); c++) {
            if (columns[c] >= 0) raw[columns[c]] = cells.get(c);
        }
        Object[] values = new Object[width];
        values[0] = name;
        values[1] = rec.number();
        values[2] = file.submittedAt();
        List<InternalRow> problems = null;
        String region = null, unitName = null;
        Integer year = null;
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            try {
                Object value = FieldValues.parse(f, raw[i]);
                if (i == regionIndex) region = (String) value;
                else if (i == yearIndex) year = (Integer) value;
                else if (i == nameIndex) unitName = (String) value;
                values[Schemas.PARSED_PREFIX + i] = internal(value);
            } catch (InvalidValue e) {
                if (problems == null) problems = new ArrayList<>();
                problems.add(new GenericInternalRow(new Object[] {utf8(f.id()), utf8(e.ruleId()), utf8(raw[i]),
                        utf8(e.text().zh()), utf8(e.text().en())}));
            }
        }
        values[problemsAt] = problems == null ? NO_PROBLEMS : new GenericArrayData(problems.toArray());
        if (problems != null) {
            // Keep the row exactly as typed, so a rejected row loses nothing.
            Object[] keys = new Object[fields.size()], typed = new Object[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                keys[i] = utf8(fields.get(i).id());
                typed[i] = utf8(raw[i]);
            }
            values[rawAt] = new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(typed));
        }
        values[regionUnknownAt] = checker != null && checker.unknown(region, year);
        if (checker != null && nameIndex >= 0) values[officialNameAt] = utf8(checker.officialNameIfOther(unitName));
        return new GenericInternalRow(values);
    }

    /** A field's value as Spark holds it inside: strings as UTF-8, dates as days since 1970. */
    private static Object internal(Object value) {
        if (value instanceof String s) return UTF8String.fromString(s);
        if (value instanceof java.time.LocalDate d) return (int) d.toEpochDay();
        return value;
    }

    private static UTF8String utf8(String s) {
        return s == null ? null : UTF8String.fromString(s);
    }
}
