package grassroots.warehouse.forms;

import grassroots.warehouse.Text;

/** One column of a returns form. {@code digits} applies to codes, {@code min} to numbers. */
public record Field(String id, FieldType type, Integer digits, Double min, boolean required, Text label) implements java.io.Serializable {
}
