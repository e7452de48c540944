package grassroots.sample;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.Region;
import grassroots.warehouse.regions.RegionHierarchy;

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
            UnitRows unitRows = new UnitRows(model, hierarchy, jc1, t.province(), t.year());
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
}
