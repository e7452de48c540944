package grassroots.etl;

import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/** Spark schemas derived from a form's declaration (the form is the only definition of its columns). */
public final class Schemas {
    private Schemas() {}

    /** source_file, source_row, submitted_at come before the form's fields. */
    public static final int PARSED_PREFIX = 3;

    public static final StructType PROBLEM = new StructType()
            .add("field", DataTypes.StringType)
            .add("rule", DataTypes.StringType)
            .add("value", DataTypes.StringType)
            .add("message_zh", DataTypes.StringType)
            .add("message_en", DataTypes.StringType);

    /**
     * How staged rows keep what was found of them: problems and warnings as JSON arrays of {@link #PROBLEM} and
     * {@link #WARNING}, the record as typed as a JSON object, each null when there is none. Part of the rules' version:
     * a run does not build on a snapshot staged otherwise.
     */
    public static final String STAGED_FORMAT = "staged-2: problems, warnings, raw as JSON";

    /** The DuckDB type of a JSON array of {@code type}'s structs (all strings), for {@code from_json}. */
    public static String duckListOf(StructType type) {
        StringBuilder json = new StringBuilder("[{");
        for (int i = 0; i < type.size(); i++) json.append(i > 0 ? "," : "").append('"').append(type.fields()[i].name()).append("\":\"VARCHAR\"");
        return json.append("}]").toString();
    }

    /** A warning: recorded, the row still loaded. */
    public static final StructType WARNING = new StructType()
            .add("field", DataTypes.StringType)
            .add("rule", DataTypes.StringType)
            .add("value", DataTypes.StringType)
            .add("expected", DataTypes.StringType)
            .add("message_zh", DataTypes.StringType)
            .add("message_en", DataTypes.StringType);

    public static DataType sparkType(Field f) {
        return switch (f.type()) {
            case CODE, TEXT -> DataTypes.StringType;
            case YEAR, INT, FLAG -> DataTypes.IntegerType;
            case NUMBER -> DataTypes.DoubleType;
            case DATE -> DataTypes.DateType;
        };
    }

    /**
     * A row as read from a file: its source, each field typed, the cells that could not be read, the raw record;
     * or, for a file found broken while read, a marker row with the reason.
     */
    public static StructType parsed(Form form) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("source_file", DataTypes.StringType, false));
        fields.add(DataTypes.createStructField("source_row", DataTypes.LongType, false));
        fields.add(DataTypes.createStructField("submitted_at", DataTypes.LongType, false));
        for (Field f : form.fields()) fields.add(DataTypes.createStructField(f.id(), sparkType(f), true));
        fields.add(DataTypes.createStructField("problems", DataTypes.createArrayType(PROBLEM, false), false));
        fields.add(DataTypes.createStructField("raw", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true));
        // set only on the one marker row of a file found broken while its rows were read
        fields.add(DataTypes.createStructField("file_problem_zh", DataTypes.StringType, true));
        fields.add(DataTypes.createStructField("file_problem_en", DataTypes.StringType, true));
        // the region code checked against the division table as the row is read (RegionCheck): whether it is unknown
        // that year, and the table's name where the row's differs (plain values: the checks' structs are built by Spark
        // only for the few rows that have them)
        fields.add(DataTypes.createStructField("region_unknown", DataTypes.BooleanType, false));
        fields.add(DataTypes.createStructField("official_name", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }
}
