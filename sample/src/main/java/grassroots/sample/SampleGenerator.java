package grassroots.sample;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;
import grassroots.sample.SampleModel.Trait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes realistic sample returns for forms JC-1 and JC-2: one CSV file per form, province and year, as a provincial
 * civil-affairs bureau would send them ({@code OUT/<form>/<province>/<form>_<province>_<year>.csv}). Deterministic for a
 * seed: every value is keyed by seed, region and year, so a province's files do not depend on which others are made.
 */
public final class SampleGenerator {

    /** Which header a file carries: field ids, or the Chinese labels a county bureau types. */
    public enum Headers { ID, ZH }

    /**
     * @param formats    the file formats to write, each file getting one of them (chosen by seed, province and year)
     * @param defectRate the share of rows given a realistic fault (0: none); see {@link Defects}
     */
    public record Options(Path out, List<String> provinces, int fromYear, int toYear, long seed, Headers headers,
                          List<ReturnWriter.Format> formats, double defectRate) {
        public Options(Path out, List<String> provinces, int fromYear, int toYear, long seed, Headers headers) {
            this(out, provinces, fromYear, toYear, seed, headers, List.of(ReturnWriter.Format.CSV), 0);
        }
    }

    public record Summary(int files, long jc1Rows, long jc2Rows, long defectiveRows) {}

    private final RegionHierarchy hierarchy;
    private final Catalog catalog;
    private final Map<String, ProvinceProfile> profiles = ProvinceProfile.load();

    public SampleGenerator(RegionHierarchy hierarchy, Catalog catalog) {
        this.hierarchy = hierarchy;
        this.catalog = catalog;
    }

    public Summary generate(Options o) {
        SampleModel model = new SampleModel(hierarchy, profiles, o.seed());
        Map<String, List<Region>> units = new LinkedHashMap<>(), townships = new LinkedHashMap<>();
        for (Region r : hierarchy.all()) {
            if (!r.administered()) continue;
            // JC-1 rows come from today's units (under the code they had that year); JC-2 rows from the townships
            // that existed that year, today's or since merged away.
            if (r.level() == Level.UNIT && r.current()) units.computeIfAbsent(r.ancestor(Level.PROVINCE), k -> new ArrayList<>()).add(r);
            if (r.level() == Level.TOWNSHIP) townships.computeIfAbsent(r.ancestor(Level.PROVINCE), k -> new ArrayList<>()).add(r);
        }
        List<String> provinces = o.provinces() == null ? List.copyOf(profiles.keySet()) : o.provinces();
        for (String p : provinces) {
            if (!profiles.containsKey(p)) throw new IllegalArgumentException("unknown province code " + p);
        }
        Form jc1 = catalog.form("JC-1"), jc2 = catalog.form("JC-2");
        record Task(String province, int year) {}
        List<Task> tasks = new ArrayList<>();
        for (String p : provinces) for (int y = o.fromYear(); y <= o.toYear(); y++) tasks.add(new Task(p, y));
        AtomicLong rows1 = new AtomicLong(), rows2 = new AtomicLong();
        Defects defects = new Defects(o.seed(), o.defectRate());
        tasks.parallelStream().forEach(t -> {
            UnitRows unitRows = new UnitRows(model, hierarchy, jc1, t.year());
            rows1.addAndGet(write(o, jc1, t.province(), t.year(), units.get(t.province()), unitRows::row, defects));
            TownshipRows townshipRows = new TownshipRows(model, hierarchy, jc2, t.year());
            List<Region> existing = townships.get(t.province()).stream().filter(r -> r.validIn(t.year())).toList();
            rows2.addAndGet(write(o, jc2, t.province(), t.year(), existing, townshipRows::row, defects));
        });
        int files = tasks.size() * 2 + defects.revisionFiles();
        if (o.defectRate() > 0 && !tasks.isEmpty()) {
            Task first = tasks.get(0);
            files += defects.brokenFiles(o.out(), fileFor(o.out(), jc1, first.province(), first.year(), format(o, jc1, first.province(), first.year())));
        }
        return new Summary(files, rows1.get(), rows2.get(), defects.rows());
    }

    public static Path fileFor(Path out, Form form, String province, int year) {
        return fileFor(out, form, province, year, ReturnWriter.Format.CSV);
    }

    public static Path fileFor(Path out, Form form, String province, int year, ReturnWriter.Format format) {
        return out.resolve(form.id()).resolve(province).resolve(form.id() + "_" + province + "_" + year + format.extension);
    }

    /** Each file's format: one of the requested ones, fixed by seed, form, province and year. */
    static ReturnWriter.Format format(Options o, Form form, String province, int year) {
        List<ReturnWriter.Format> formats = o.formats();
        if (formats.size() == 1) return formats.get(0);
        long key = Noise.key(o.seed(), Long.parseLong(province), year, form.id().hashCode());
        return formats.get((int) Math.floorMod(Noise.mix(key), formats.size()));
    }

    private interface RowMaker {
        /** The row's values in the form's field order, or null when the region sent no return that year. */
        Object[] row(Region region);
    }

    private long write(Options o, Form form, String province, int year, List<Region> regions, RowMaker maker,
                       Defects defects) {
        ReturnWriter.Format format = format(o, form, province, year);
        Path file = fileFor(o.out(), form, province, year, format);
        long n = 0;
        List<Object[]> revisions = new ArrayList<>();
        try (ReturnWriter w = ReturnWriter.open(file, format)) {
            // A bureau's spreadsheet (GB18030 CSV from Excel, or Excel itself) has the form's title above a Chinese header.
            boolean spreadsheet = format != ReturnWriter.Format.CSV;
            if (spreadsheet) {
                w.titles(List.of(form.name().zh(), "填报单位：" + hierarchy.require(province).name() + "民政厅    统计年度：" + year));
            }
            List<String> header = new ArrayList<>();
            for (Field f : form.fields()) header.add(o.headers() == Headers.ZH || spreadsheet ? f.label().zh() : f.id());
            w.header(header);
            for (Region r : regions) {
                Object[] row = maker.row(r);
                if (row == null) continue;
                for (Object[] written : defects.apply(form, row, year, revisions)) {
                    w.row(written);
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (!revisions.isEmpty()) n += defects.writeRevisions(o.out(), form, province, year, revisions);
        return n;
    }

    /** Values by field id, placed in the form's column order (a field the model does not know stays blank). */
    private static final class Row {
        private final Form form;
        private final Object[] values;

        Row(Form form) {
            this.form = form;
            this.values = new Object[form.fields().size()];
        }

        Row set(String field, Object value) {
            List<Field> fields = form.fields();
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).id().equals(field)) {
                    values[i] = value instanceof Double d ? plain(d) : value;
                    return this;
                }
            }
            return this;
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

    /** JC-1: one grassroots unit in one year. */
    private static final class UnitRows {
        private final SampleModel m;
        private final RegionHierarchy hierarchy;
        private final Form form;
        private final int year;

        UnitRows(SampleModel m, RegionHierarchy hierarchy, Form form, int year) {
            this.m = m;
            this.hierarchy = hierarchy;
            this.form = form;
            this.year = year;
        }

        Object[] row(Region unit) {
            long code = Long.parseLong(unit.code());
            String province = unit.ancestor(Level.PROVINCE), county = unit.ancestor(Level.COUNTY);
            if (m.missing(code, province, year)) return null;
            boolean urban = unit.urban();
            long seed = m.seed;
            double z = m.z(province);

            long population = Math.max(urban ? 300 : 40,
                    Math.round(m.population2020(unit) * SampleModel.populationGrowth(urban, year)
                            * (1 + 0.01 * Noise.normal(Noise.key(seed, code, year, 20)))));
            double householdSize = Math.max(1.6, Math.min(4.5, (urban ? 2.55 : 3.05) * (1 + 0.08 * Noise.normal(Noise.key(seed, code, 0, 21)))));
            long households = Math.max(1, Math.min(population, Math.round(population / householdSize)));

            boolean facility = m.has(Trait.FACILITY, code, county, urban, year);
            Double area = null;
            if (facility) {
                boolean standard = m.has(Trait.AREA_STANDARD, code, county, urban, year);
                double u = Noise.uniform(Noise.key(seed, code, 0, 22));
                double perStandard = standard ? 1.02 + 0.9 * u : 0.35 + 0.6 * u;
                area = Math.max(20.0, Math.round(households * 0.30 * perStandard * 10) / 10.0);
            }

            long gridTotal = Math.max(1, Math.round(households / (urban ? 300.0 : 120.0)));
            ProvinceProfile profile = m.profiles.get(province);
            long gridStaffed;
            if (profile.gridCompleteFrom() != null && year >= profile.gridCompleteFrom()) {
                gridStaffed = gridTotal;
            } else {
                double rate = m.probability(Trait.GRID_STAFFED, county, urban, year);
                double sd = Math.sqrt(gridTotal * rate * (1 - rate));
                gridStaffed = Math.max(0, Math.min(gridTotal, Math.round(gridTotal * rate + sd * Noise.normal(Noise.key(seed, code, year, 23)))));
            }

            double trend = Math.pow(1.03, year - 2019);
            long workers = Noise.poisson(Noise.key(seed, code, year, 24),
                    (urban ? 4 + 0.9 * population / 1000.0 : 2.2 + 0.8 * population / 1000.0) * trend);
            long socialWorkers = Math.min(population, Noise.poisson(Noise.key(seed, code, year, 25), population / 1e4
                    * m.density(SampleModel.SOCIAL_WORKERS, 0.5, "social_worker_density", province, year)
                    * m.groupWeight(province, urban, 1.4, 0.6)));
            long volunteers = Math.min(Math.round(population * 0.6), Noise.poisson(Noise.key(seed, code, year, 26), population / 1e4
                    * m.density(SampleModel.VOLUNTEERS, 0.7, "volunteer_density", province, year)
                    * m.groupWeight(province, urban, 1.3, 0.8)));
            long organisations = Noise.poisson(Noise.key(seed, code, year, 27), population / 1e4
                    * m.density(SampleModel.SOCIAL_ORGS, 0.35, "social_org_density", province, year));

            boolean election = year == 2011 || year == 2014 || year == 2017 || year == profile.electionRound()
                    || year == 2026;
            Long voters = null, votes = null;
            if (election) {
                voters = Math.round(population * (0.74 + 0.06 * Noise.uniform(Noise.key(seed, code, year, 28))));
                double turnout = Math.max(0.75, Math.min(0.995, 0.935 + 0.012 * z + 0.02 * Noise.normal(Noise.key(seed, code, year, 29))));
                votes = Math.round(voters * turnout);
            }
            double perCapita = (urban ? 35 * Math.pow(1.12, year - 2011) : 12 * Math.pow(1.15, year - 2011))
                    * Math.exp(0.45 * z + 0.35 * Noise.normal(Noise.key(seed, code, year, 30)));
            double spending = Math.round(population * perCapita / 1e4 * 100) / 100.0;

            return new Row(form)
                    .set("unit_code", hierarchy.codeIn(unit.code(), year)).set("unit_name", unit.officialName()).set("year", year)
                    .set("households", households).set("population", population)
                    .set("has_service_facility", flag(facility)).set("facility_area_m2", area == null ? 0 : area)
                    .set("has_consultation_body", flag(m.has(Trait.CONSULTATION, code, county, urban, year)))
                    .set("has_charter", flag(m.has(Trait.CHARTER, code, county, urban, year)))
                    .set("has_supervision_committee", flag(m.has(Trait.SUPERVISION, code, county, urban, year)))
                    .set("grid_total", gridTotal).set("grid_staffed", gridStaffed)
                    .set("community_workers", workers).set("certified_social_workers", socialWorkers)
                    .set("registered_volunteers", volunteers).set("social_organizations", organisations)
                    .set("election_held", flag(election)).set("eligible_voters", voters).set("votes_cast", votes)
                    .set("service_spending_10k_yuan", spending)
                    .values;
        }
    }

    /** JC-2: one township (street) in one year. */
    private static final class TownshipRows {
        private final SampleModel m;
        private final RegionHierarchy hierarchy;
        private final Form form;
        private final int year;

        TownshipRows(SampleModel m, RegionHierarchy hierarchy, Form form, int year) {
            this.m = m;
            this.hierarchy = hierarchy;
            this.form = form;
            this.year = year;
        }

        Object[] row(Region township) {
            // drawn as today's township, so that a renamed township's history continues
            String today = hierarchy.currentCodeOf(township.code(), year);
            long code = Long.parseLong(today);
            String province = township.ancestor(Level.PROVINCE);
            if (m.missing(code, province, year)) return null;
            boolean station = m.has(Trait.STATION, code, today.substring(0, 6), true, year);
            long staff = station ? 1 + Noise.poisson(Noise.key(m.seed, code, year, 31), 1.8) : 0;
            return new Row(form)
                    .set("township_code", township.code()).set("year", year)
                    .set("has_social_work_station", flag(station)).set("station_staff", staff)
                    .values;
        }
    }

    private static int flag(boolean b) {
        return b ? 1 : 0;
    }
}
