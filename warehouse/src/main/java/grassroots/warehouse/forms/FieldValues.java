package grassroots.warehouse.forms;

import grassroots.warehouse.Text;

import java.text.Normalizer;
import java.time.Year;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a cell as people type it into its field's type: full-width digits, "1,234", surrounding blanks,
 * 是/否 for yes/no. Returns null for a blank cell; throws {@link InvalidValue} naming the field's rule that failed.
 */
public final class FieldValues {
    private FieldValues() {}

    /** The first year a return may be for, as {@code catalog/reporting.yaml} declares it. */
    public static final int FIRST_YEAR = grassroots.warehouse.catalog.Catalog.standard().firstYear();
    /**
     * Numbers must be smaller than this in magnitude: the marts add every value up exactly, as a decimal with twelve
     * digits before the point (see {@code TownshipSums}). A larger figure is a slip or a hostile cell, not a floor area
     * or a budget, and is reported as the row's problem rather than failing the marts of every row.
     */
    public static final double MAX_MAGNITUDE = 1e12;
    private static final Pattern THOUSANDS = Pattern.compile("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Set<String> YES = Set.of("1", "是", "有", "y", "yes", "true", "√");
    private static final Set<String> NO = Set.of("0", "否", "无", "n", "no", "false", "×");

    /** NFKC folds full-width digits, letters and punctuation to ASCII; strip() also drops the ideographic space. */
    public static String normalize(String raw) {
        if (raw == null) return "";
        return ascii(raw) ? raw.strip() : Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    }

    /** Plain ASCII is already NFKC-normal; nearly every cell is, and normalising is the costly part of reading one. */
    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    public static Object parse(Field field, String raw) throws InvalidValue {
        // Text keeps the characters typed (a name's full-width brackets are part of it); the rest is folded to ASCII.
        String s = field.type() == FieldType.TEXT ? (raw == null ? "" : raw.strip()) : normalize(raw);
        if (s.isEmpty()) {
            if (field.required()) {
                throw new InvalidValue(field.id() + ".required", Text.of(
                        "必填项「" + field.label().zh() + "」为空",
                        "required field " + field.id() + " is blank"));
            }
            return null;
        }
        return switch (field.type()) {
            case TEXT -> s;
            case CODE -> code(field, s);
            case YEAR -> year(field, s);
            case INT -> checkMin(field, integer(field, s));
            case NUMBER -> checkMin(field, number(field, s));
            case FLAG -> flag(field, s);
            case DATE -> date(field, s);
        };
    }

    private static String code(Field field, String s) throws InvalidValue {
        if (!digits(s) || (field.digits() != null && s.length() != field.digits())) {
            throw new InvalidValue(field.id() + ".format", Text.of(
                    "「" + field.label().zh() + "」应为" + field.digits() + "位数字代码",
                    field.id() + " must be a " + field.digits() + "-digit code"));
        }
        return s;
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static int year(Field field, String s) throws InvalidValue {
        int y = integer(field, s);
        int last = thisYear();
        if (y < FIRST_YEAR || y > last) {
            throw new InvalidValue(field.id() + ".range", Text.of(
                    "年份应在" + FIRST_YEAR + "至" + last + "之间",
                    "year must be between " + FIRST_YEAR + " and " + last));
        }
        return y;
    }

    private record CachedYear(int year, long validUntil) {}

    private static volatile CachedYear cachedYear;

    /** This year, asked of the clock at most once a minute (asking for every row cost more than reading the row). */
    private static int thisYear() {
        long now = System.currentTimeMillis();
        CachedYear c = cachedYear;
        if (c == null || now >= c.validUntil()) {
            c = new CachedYear(Year.now().getValue(), now + 60_000);
            cachedYear = c;
        }
        return c.year();
    }

    private static int integer(Field field, String s) throws InvalidValue {
        if (s.length() <= 9 && digits(s)) return Integer.parseInt(s); // the usual case, without a detour through double
        double d = number(field, s);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidValue(field.id() + ".type", Text.of(
                    "「" + field.label().zh() + "」应为整数",
                    field.id() + " must be a whole number"));
        }
        return (int) d;
    }

    private static double number(Field field, String s) throws InvalidValue {
        String n = s.indexOf(',') >= 0 && THOUSANDS.matcher(s).matches() ? s.replace(",", "") : s;
        try {
            double d = Double.parseDouble(n);
            if (Math.abs(d) < MAX_MAGNITUDE) return d;
            if (Double.isFinite(d)) {
                throw new InvalidValue(field.id() + ".range", Text.of(
                        "「" + field.label().zh() + "」超出范围：绝对值应小于10的12次方",
                        field.id() + " is out of range: its magnitude must be below 10^12"));
            }
        } catch (NumberFormatException ignored) {
            // reported below with the field's own message
        }
        throw new InvalidValue(field.id() + ".type", Text.of(
                "「" + field.label().zh() + "」应为数字",
                field.id() + " must be a number"));
    }

    private static <N extends Number> N checkMin(Field field, N value) throws InvalidValue {
        if (field.min() != null && value.doubleValue() < field.min()) {
            throw new InvalidValue(field.id() + ".min", Text.of(
                    "「" + field.label().zh() + "」不能小于" + fmt(field.min()),
                    field.id() + " must be at least " + fmt(field.min())));
        }
        return value;
    }

    private static int flag(Field field, String s) throws InvalidValue {
        // "1" and "0", nearly every flag typed, without a lower-cased copy and two set lookups (2 % of the load's samples)
        if (s.length() == 1 && (s.charAt(0) == '1' || s.charAt(0) == '0')) return s.charAt(0) - '0';
        String v = s.toLowerCase(Locale.ROOT);
        if (YES.contains(v)) return 1;
        if (NO.contains(v)) return 0;
        throw new InvalidValue(field.id() + ".type", Text.of(
                "「" + field.label().zh() + "」应为0/1或是/否",
                field.id() + " must be 0/1 or 是/否 (yes/no)"));
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");

    /** 2021-03-15, 2021/3/15, 2021.3.15 or 2021年3月15日. */
    private static java.time.LocalDate date(Field field, String s) throws InvalidValue {
        java.util.regex.Matcher m = DATE.matcher(s);
        if (m.matches()) {
            try {
                return java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            } catch (java.time.DateTimeException ignored) {
                // reported below
            }
        }
        throw new InvalidValue(field.id() + ".type", Text.of(
                "「" + field.label().zh() + "」应为日期，如 2021-03-15 或 2021年3月15日",
                field.id() + " must be a date such as 2021-03-15"));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
