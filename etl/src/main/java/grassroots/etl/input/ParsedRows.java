package grassroots.etl.input;

import grassroots.etl.Schemas;
import grassroots.etl.input.Decoding.Decoded;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    public List<Row> read(ReturnFile file) {
        Decoded decoded;
        try {
            decoded = Decoding.decode(Files.readAllBytes(Path.of(file.path())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(decoded.text()))
                .setFormat(ReturnFile.csvFormat()).get()) {
            for (CSVRecord rec : parser) {
                if (rec.getRecordNumber() <= file.headerRecord() || blank(rec)) continue;
                rows.add(row(file, rec));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file.path(), e);
        }
        return rows;
    }

    private Row row(ReturnFile file, CSVRecord rec) {
        List<Field> fields = form.fields();
        String[] raw = new String[fields.size()];
        int[] columns = file.columnFields();
        for (int c = 0; c < Math.min(columns.length, rec.size()); c++) {
            if (columns[c] >= 0) raw[columns[c]] = rec.get(c);
        }
        Object[] values = new Object[Schemas.PARSED_PREFIX + fields.size() + 2];
        values[0] = file.path();
        values[1] = rec.getRecordNumber();
        values[2] = file.submittedAt();
        List<Row> problems = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            try {
                values[Schemas.PARSED_PREFIX + i] = FieldValues.parse(f, raw[i]);
            } catch (InvalidValue e) {
                problems.add(RowFactory.create(f.id(), e.ruleId(), raw[i], e.text().zh(), e.text().en()));
            }
        }
        values[values.length - 2] = problems.toArray();
        if (!problems.isEmpty()) {
            // Keep the row exactly as typed, so a rejected row loses nothing.
            Map<String, String> record = new LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) record.put(fields.get(i).id(), raw[i]);
            values[values.length - 1] = scala.jdk.javaapi.CollectionConverters.asScala(record);
        }
        return RowFactory.create(values);
    }

    private static boolean blank(CSVRecord rec) {
        for (String cell : rec) if (cell != null && !cell.isBlank()) return false;
        return true;
    }
}
