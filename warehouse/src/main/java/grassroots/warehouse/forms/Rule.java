package grassroots.warehouse.forms;

import grassroots.warehouse.Text;

import java.util.List;

/**
 * A cross-field rule of a form. {@code check} is a SQL boolean expression over field ids that Spark SQL and DuckDB
 * both evaluate; a row breaks the rule only when the check is FALSE (NULL, from a blank optional field, passes).
 */
public record Rule(String id, List<String> fields, String check, Text message) implements java.io.Serializable {

    /** The SQL condition that is true exactly when a row breaks this rule. */
    public String violation() {
        return "NOT coalesce((" + check + "), TRUE)";
    }
}
