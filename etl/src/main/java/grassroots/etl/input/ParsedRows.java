package grassroots.etl.input;

import grassroots.etl.Schemas;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one returns file into Spark rows of {@link Schemas#parsed(Form)}: its source (file, row number, submission
 * time), each field as its type, the cells that could not be read, with why, and what the {@link RegionCheck} found of
 * its region code and name. Runs on the executors.
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
    public Iterator<Row> read(ReturnFile file) {
        return new Iterator<>() {
            private Records.Source source;
            private final RegionCheck.Checker checker = regions == null ? null : regions.forFile();
            private boolean done;
            private Row next;

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
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row r = next;
                next = null;
                return r;
            }

            private Row advance() {
                try {
                    if (source == null) {
                        source = Records.open(Path.of(file.path()),
                                file.charset() == null ? null : Charset.forName(file.charset()), limits);
                    }
                    for (Records.Record rec; (rec = source.next()) != null; ) {
                        if (rec.number() > file.headerRecord() && !rec.blank()) return row(file, rec, checker);
                    }
                    close();
                    return null;
                } catch (Records.Unreadable e) {
                    close();
                    return marker(file, ReturnFile.withoutServerPath(e.text(), file.path(), file.name()));
                }
            }

            private void close() {
                done = true;
                if (source != null) source.close();
            }
        };
    }

    private Row marker(ReturnFile file, grassroots.warehouse.Text problem) {
        Object[] marker = new Object[width];
        marker[0] = file.name();
        marker[1] = 0L;
        marker[2] = file.submittedAt();
        marker[problemsAt] = new Object[0];
        marker[fileProblemZhAt] = problem.zh();
        marker[fileProblemEnAt] = problem.en();
        marker[regionUnknownAt] = false;
        return RowFactory.create(marker);
    }

    private Row row(ReturnFile file, Records.Record rec, RegionCheck.Checker checker) {
        List<Field> fields = form.fields();
        String[] raw = new String[fields.size()];
        int[] columns = file.columnFields();
        List<String> cells = rec.cells();
        for (int c = 0; c < Math.min(columns.length, cells.size()); c++) {
            if (columns[c] >= 0) raw[columns[c]] = cells.get(c);
        }
        Object[] values = new Object[width];
        values[0] = file.name();
        values[1] = rec.number();
        values[2] = file.submittedAt();
        List<Row> problems = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            try {
                values[Schemas.PARSED_PREFIX + i] = Schemas.sparkValue(FieldValues.parse(f, raw[i]));
            } catch (InvalidValue e) {
                problems.add(RowFactory.create(f.id(), e.ruleId(), raw[i], e.text().zh(), e.text().en()));
            }
        }
        values[problemsAt] = problems.toArray();
        if (!problems.isEmpty()) {
            // Keep the row exactly as typed, so a rejected row loses nothing.
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) record.put(fields.get(i).id(), raw[i]);
            values[rawAt] = scala.jdk.javaapi.CollectionConverters.asScala(record);
        }
        values[regionUnknownAt] = checker != null && checker.unknown((String) values[Schemas.PARSED_PREFIX + regionIndex],
                (Integer) values[Schemas.PARSED_PREFIX + yearIndex]);
        if (checker != null && nameIndex >= 0) values[officialNameAt] = checker.officialNameIfOther((String) values[Schemas.PARSED_PREFIX + nameIndex]);
        return RowFactory.create(values);
    }
}
