package grassroots.dashboard.submissions;

import grassroots.access.Scope;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.InvalidValue;
import grassroots.warehouse.forms.Rule;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.warehouse.returns.Limits;
import grassroots.warehouse.returns.Records;
import grassroots.warehouse.returns.ReturnFile;
import grassroots.warehouse.store.Duck;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an uploaded returns file as the ETL would, without Spark and without publishing anything: the same readers
 * (CSV, GB18030, .xlsx, within the same limits), the same form definitions, the same field parsing, the form's rules
 * evaluated as the SQL they are (by DuckDB in process, as Spark SQL evaluates them in the ETL), each region code
 * against the division table for the year; and, beyond the ETL, rows for another year than declared or for regions
 * outside the uploader's scope.
 */
public final class ReturnCheck {
    /** One problem of one row; {@code row} is the row number a person sees in the file. */
    public record Problem(long row, String field, String rule, String value, String messageZh, String messageEn) {}

    /**
     * What the check found. {@code region} is the smallest region (at most down to the level above the form's grain)
     * that holds every accepted row; {@code coverage} counts the accepted units under each region above the grain.
     */
    public record Result(String form, int year, int rows, int accepted, int rejected, int units, String region,
                         List<Problem> problems, Map<String, Integer> coverage, long headerRow, int[] columnFields) {}

    /** A file that cannot be checked at all (not returns, empty, cut off, another form, too large …): a 4xx. */
    public static final class Refused extends Exception {
        private final Text text;

        public Refused(Text text) {
            super(text.en(), null, false, false);
            this.text = text;
        }

        public Text text() { return text; }
    }

    private final Catalog catalog;
    private final Supplier<RegionHierarchy> regions;
    private final Limits limits;

    public ReturnCheck(Catalog catalog, Supplier<RegionHierarchy> regions, Limits limits) {
        this.catalog = catalog;
        this.regions = regions;
        this.limits = limits;
    }

    public Result check(Path file, String formId, int year, Scope scope) throws Refused {
        Form form = catalog.forms().stream().filter(f -> f.id().equals(formId)).findFirst().orElseThrow(() ->
                new Refused(Text.of("未知的报表：" + formId, "unknown form: " + formId)));
        ReturnFile inspected = ReturnFile.inspect(file, file.getParent(), catalog, limits);
        if (!inspected.usable()) throw new Refused(inspected.problem());
        if (!form.id().equals(inspected.formId())) {
            throw new Refused(Text.of("该文件是 " + inspected.formId() + " 报表，不是所选的 " + form.id(),
                    "the file holds form " + inspected.formId() + ", not " + form.id() + " as chosen"));
        }
        List<Field> fields = form.fields();
        int regionIdx = fields.indexOf(form.requireField(form.regionField()));
        int yearIdx = fields.indexOf(form.requireField(Form.YEAR_FIELD));
        List<Problem> problems = new ArrayList<>();
        Set<Long> rejected = new HashSet<>();
        List<Object[]> parsed = new ArrayList<>();
        List<String[]> raws = new ArrayList<>();
        List<Long> rowNumbers = new ArrayList<>();
        Charset charset = inspected.charset() == null ? null : Charset.forName(inspected.charset());
        try (Records.Source source = Records.open(file, charset, limits)) {
            int[] columns = inspected.columnFields();
            for (Records.Record rec; (rec = source.next()) != null; ) {
                if (rec.number() <= inspected.headerRecord() || rec.blank()) continue;
                String[] raw = new String[fields.size()];
                List<String> cells = rec.cells();
                for (int c = 0; c < Math.min(columns.length, cells.size()); c++) if (columns[c] >= 0) raw[columns[c]] = cells.get(c);
                Object[] values = new Object[fields.size()];
                for (int i = 0; i < fields.size(); i++) {
                    try {
                        values[i] = FieldValues.parse(fields.get(i), raw[i]);
                    } catch (InvalidValue e) {
                        problems.add(new Problem(rec.number(), fields.get(i).id(), e.ruleId(), raw[i], e.text().zh(), e.text().en()));
                        rejected.add(rec.number());
                    }
                }
                checkRow(form, year, scope, rec.number(), values[regionIdx], values[yearIdx], raw[regionIdx], problems, rejected);
                parsed.add(values);
                raws.add(raw);
                rowNumbers.add(rec.number());
            }
        } catch (Records.Unreadable e) {
            throw new Refused(e.text());
        }
        if (parsed.isEmpty()) throw new Refused(Text.of("文件只有表头，没有数据行", "the file has a header but no data rows"));
        checkRules(form, parsed, raws, rowNumbers, problems, rejected);
        problems.sort(java.util.Comparator.comparingLong(Problem::row));

        Set<String> units = new HashSet<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (!rejected.contains(rowNumbers.get(i))) units.add((String) parsed.get(i)[regionIdx]);
        }
        return new Result(form.id(), year, parsed.size(), parsed.size() - rejected.size(), rejected.size(), units.size(),
                regionOf(form, units, scope), problems, coverage(form, units), inspected.headerRecord(), inspected.columnFields());
    }

    /** The row's year is the one declared, and its region is known that year, administered, and inside the scope. */
    private void checkRow(Form form, int year, Scope scope, long row, Object code, Object rowYear, String rawCode,
                          List<Problem> problems, Set<Long> rejected) {
        if (rowYear instanceof Integer y && y != year) {
            problems.add(new Problem(row, Form.YEAR_FIELD, "year.declared", String.valueOf(y),
                    "年份 " + y + " 与上报的年份 " + year + " 不一致", "year " + y + " differs from the year declared for the upload, " + year));
            rejected.add(row);
        }
        if (!(code instanceof String c)) return;
        String rf = form.regionField();
        Region r = regions.get().get(c);
        int y = rowYear instanceof Integer i ? i : year;
        if (r == null || r.level() != form.grain() || !r.administered() || !r.validIn(y)) {
            Field f = form.requireField(rf);
            problems.add(new Problem(row, rf, rf + ".unknown", rawCode, "「" + f.label().zh() + "」在该年份的区划代码表中不存在：" + c,
                    rf + " is not in the division code table for that year: " + c));
            rejected.add(row);
        } else if (!scope.contains(c)) {
            problems.add(new Problem(row, rf, rf + ".scope", rawCode, "该地区不在您的上报范围内（" + scope.code() + "）：" + c,
                    "the region is outside your scope (" + scope.code() + "): " + c));
            rejected.add(row);
        }
    }

    /** The form's rules over every row, as the SQL they are declared in (the ETL has Spark SQL evaluate the same text). */
    private static void checkRules(Form form, List<Object[]> parsed, List<String[]> raws, List<Long> rowNumbers,
                                   List<Problem> problems, Set<Long> rejected) {
        if (form.rules().isEmpty()) return;
        List<Field> fields = form.fields();
        StringBuilder columns = new StringBuilder("_i INTEGER");
        for (Field f : fields) columns.append(", \"").append(f.id()).append("\" ").append(f.type().sqlType());
        try (DuckDBConnection db = Duck.open()) {
            Duck.exec(db, "SET enable_external_access = false");
            Duck.exec(db, "CREATE TABLE t (" + columns + ")");
            try (DuckDBAppender a = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "t")) {
                for (int i = 0; i < parsed.size(); i++) {
                    a.beginRow();
                    a.append(i);
                    for (Object v : parsed.get(i)) {
                        if (v == null) a.appendNull();
                        else if (v instanceof Integer n) a.append(n.intValue());
                        else if (v instanceof Double d) a.append(d.doubleValue());
                        else if (v instanceof LocalDate d) a.append(d);
                        else a.append(v.toString());
                    }
                    a.endRow();
                }
            }
            StringBuilder select = new StringBuilder("SELECT _i");
            StringBuilder any = new StringBuilder();
            for (Rule r : form.rules()) {
                select.append(", ").append(r.violation());
                any.append(any.isEmpty() ? "" : " OR ").append(r.violation());
            }
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(select + " FROM t WHERE " + any + " ORDER BY _i")) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    for (int k = 0; k < form.rules().size(); k++) {
                        if (!rs.getBoolean(k + 2)) continue;
                        Rule r = form.rules().get(k);
                        List<String> shown = new ArrayList<>();
                        for (String f : r.fields()) {
                            String raw = raws.get(i)[fields.indexOf(form.requireField(f))];
                            shown.add(f + "=" + (raw == null ? "" : raw.strip()));
                        }
                        long row = rowNumbers.get(i);
                        problems.add(new Problem(row, r.fields().get(0), r.id(), String.join(", ", shown), r.message().zh(), r.message().en()));
                        rejected.add(row);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rules: " + Duck.message(e), e);
        }
    }

    /** The smallest region holding every unit, no lower than the level above the grain; the scope when there is none. */
    private static String regionOf(Form form, Set<String> units, Scope scope) {
        if (units.isEmpty()) return scope.code();
        String prefix = null;
        for (String u : units) {
            if (prefix == null) prefix = u;
            int n = 0;
            while (n < Math.min(prefix.length(), u.length()) && prefix.charAt(n) == u.charAt(n)) n++;
            prefix = prefix.substring(0, n);
        }
        Level above = Level.values()[form.grain().ordinal() - 1];
        for (int i = above.ordinal(); i > 0; i--) {
            Level l = Level.values()[i];
            if (prefix.length() >= l.digits()) return prefix.substring(0, l.digits());
        }
        return Level.NATION_CODE;
    }

    /** Accepted units under each region above the grain (province to the level above it). */
    private static Map<String, Integer> coverage(Form form, Set<String> units) {
        Map<String, Integer> out = new TreeMap<>();
        for (String u : units) {
            out.merge(Level.NATION_CODE, 1, Integer::sum);
            for (int i = 1; i < form.grain().ordinal(); i++) out.merge(Level.values()[i].ancestorOf(u), 1, Integer::sum);
        }
        return out;
    }
}
