package grassroots.warehouse;

/**
 * CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection"): text that begins with {@code =},
 * {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading single quote. Numbers are never touched
 * (a negative number is a number, not text), so they stay numbers in Excel. Every CSV the product writes passes its
 * cells through here.
 */
public final class CsvCells {
    private CsvCells() {}

    /** The value to print: numbers, booleans and nulls as they are; text neutralised. */
    public static Object cell(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) return value;
        return text(value.toString());
    }

    /** Text that cannot start a formula. */
    public static String text(String s) {
        if (s == null || s.isEmpty()) return s;
        char c = s.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
    }

    /** A whole row, for CSVPrinter.printRecord. */
    public static Object[] row(Object[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) out[i] = cell(values[i]);
        return out;
    }

    /** Column names (a query's aliases are user text too). */
    public static java.util.List<String> header(java.util.List<String> names) {
        return names.stream().map(CsvCells::text).toList();
    }
}
