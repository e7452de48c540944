package grassroots.sample;

import grassroots.warehouse.forms.Form;

import java.util.List;

/**
 * Where a row maker's values go in a form's row: its fields' columns, looked up once per file (a lookup by name for
 * each value was a tenth of the national sample's time). A field the form does not have is left out; a column of the
 * form no value is given for stays blank.
 */
final class Row {
    private final int[] columns;
    private final int width;

    /** The columns of {@code fields} (the order in which {@link #place} is given their values) in {@code form}. */
    Row(Form form, String... fields) {
        List<String> ids = form.fields().stream().map(f -> f.id()).toList();
        this.columns = new int[fields.length];
        for (int i = 0; i < fields.length; i++) columns[i] = ids.indexOf(fields[i]);
        this.width = ids.size();
    }

    /** The values, in the order of the fields given to the constructor, as a row in the form's column order. */
    Object[] place(Object... values) {
        if (values.length != columns.length) throw new IllegalArgumentException(values.length + " values for " + columns.length + " fields");
        Object[] row = new Object[width];
        for (int i = 0; i < values.length; i++) {
            if (columns[i] >= 0) row[columns[i]] = values[i] instanceof Double d ? plain(d) : values[i];
        }
        return row;
    }

    /** A yes/no field's value as the forms take it. */
    static int flag(boolean b) {
        return b ? 1 : 0;
    }

    /**
     * A decimal in plain digits, as {@code BigDecimal.valueOf(d).toPlainString()} writes it (Double.toString would
     * write 1.2E7, which no bureau types). The sample's decimals are tenths and cents, written here from the whole
     * cents without converting the double to text twice: that conversion was a fifth of the generator's time.
     */
    static String plain(double d) {
        long cents = Math.round(d * 100);
        if (d < 0 || d >= 1e7 || cents / 100.0 != d) return java.math.BigDecimal.valueOf(d).toPlainString();
        long whole = cents / 100, fraction = cents % 100;
        if (fraction % 10 == 0) return whole + "." + fraction / 10;
        return whole + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
