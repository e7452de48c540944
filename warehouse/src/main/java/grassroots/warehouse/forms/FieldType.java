package grassroots.warehouse.forms;

/**
 * The value types a returns form uses, with how each is stored (a SQL type understood by Spark and DuckDB alike).
 */
public enum FieldType {
    /** A division code: a fixed number of digits, kept as text so that leading zeros survive. */
    CODE("VARCHAR"),
    TEXT("VARCHAR"),
    YEAR("INTEGER"),
    INT("INTEGER"),
    NUMBER("DOUBLE"),
    /** A yes/no answer stored as 0 or 1, so that sums count the yeses. */
    FLAG("INTEGER"),
    DATE("DATE");

    private final String sqlType;

    FieldType(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }
}
