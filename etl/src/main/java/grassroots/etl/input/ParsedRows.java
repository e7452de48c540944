package grassroots.etl.input;

import grassroots.etl.Schemas;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one returns file into Spark rows of {@link Schemas#parsed(Form)}: its source (file, row number, submission
 * time), each field as its type, and the cells that could not be read, with why. Runs on the executors.
 */
public final class ParsedRows implements Serializable {
    private final Form form;

    public ParsedRows(Form form) {
        this.form = form;
    }

    /**
     * The file's data rows (blank rows skipped); a file found broken only now (e.g. cut off at the end) gives one
     * marker row carrying the reason instead, so that it is reported whole and the run goes on.
     */
    public List<Row> read(ReturnFile file) {
        List<Records.Record> records;
        try {
            records = Records.read(Path.of(file.path()), Integer.MAX_VALUE);
        } catch (Records.Unreadable e) {
            Object[] marker = new Object[Schemas.PARSED_PREFIX + form.fields().size() + 4];
            marker[0] = file.path();
            marker[1] = 0L;
            marker[2] = file.submittedAt();
            marker[marker.length - 4] = new Object[0];
            marker[marker.length - 2] = e.text().zh();
            marker[marker.length - 1] = e.text().en();
            return List.of(RowFactory.create(marker));
        }
        List<Row> rows = new ArrayList<>();
        for (Records.Record rec : records) {
            if (rec.number() <= file.headerRecord() || blank(rec.cells())) continue;
            rows.add(row(file, rec));
        }
        return rows;
    }

    private Row row(ReturnFile file, Records.Record rec) {
        List<Field> fields = form.fields();
        String[] raw = new String[fields.size()];
        int[] columns = file.columnFields();
        List<String> cells = rec.cells();
        for (int c = 0; c < Math.min(columns.length, cells.size()); c++) {
            if (columns[c] >= 0) raw[columns[c]] = cells.get(c);
        }
        Object[] values = new Object[Schemas.PARSED_PREFIX + fields.size() + 4];
        values[0] = file.path();
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
        values[values.length - 4] = problems.toArray();
        if (!problems.isEmpty()) {
            // Keep the row exactly as typed, so a rejected row loses nothing.
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) record.put(fields.get(i).id(), raw[i]);
            values[values.length - 3] = scala.jdk.javaapi.CollectionConverters.asScala(record);
        }
        return RowFactory.create(values);
    }

    private static boolean blank(List<String> cells) {
        for (String cell : cells) if (cell != null && !cell.isBlank()) return false;
        return true;
    }
}
