package grassroots.warehouse.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import grassroots.warehouse.forms.Form;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything declared as data: the returns forms, the indicators, the plan periods and the cited sources.
 * The built-in catalog ships in the warehouse jar ({@code grassroots/catalog/}); a directory named by the environment
 * variable {@code GRASSROOTS_CATALOG} (same layout) adds indicators and forms, or replaces those with the same id.
 */
public final class Catalog {
    public static final String ENV_EXTRA = "GRASSROOTS_CATALOG";
    private static final String BUILT_IN = "/grassroots/catalog";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);

    private final Map<String, Form> forms;
    private final Map<String, Indicator> indicators;
    private final List<PlanPeriod> plans;
    private final Map<String, Source> sources;
    private final Reporting reporting;
    private final QualityRules quality;

    private Catalog(Map<String, Form> forms, Map<String, Indicator> indicators, List<PlanPeriod> plans,
                    Map<String, Source> sources, Reporting reporting, QualityRules quality) {
        this.forms = forms;
        this.indicators = indicators;
        this.plans = plans;
        this.sources = sources;
        this.reporting = reporting;
        this.quality = quality;
    }

    private static volatile Catalog standard;

    /** The built-in catalog plus {@code $GRASSROOTS_CATALOG}, loaded once per JVM. */
    public static Catalog standard() {
        if (standard == null) {
            synchronized (Catalog.class) {
                if (standard == null) {
                    List<Path> roots = new ArrayList<>(List.of(builtInRoot()));
                    String extra = System.getenv(ENV_EXTRA);
                    if (extra != null && !extra.isBlank()) roots.add(Path.of(extra));
                    standard = load(roots);
                }
            }
        }
        return standard;
    }

    /** Loads catalog roots in order; a later root's entries add to or replace an earlier one's. */
    public static Catalog load(List<Path> roots) {
        Map<String, Form> forms = new LinkedHashMap<>();
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        List<PlanPeriod> plans = new ArrayList<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        Reporting reporting = null;
        QualityRules quality = null;
        for (Path root : roots) {
            if (!Files.isDirectory(root)) throw new CatalogError(root.toString(), "is not a directory");
            for (Path f : yamlFiles(root.resolve("forms"))) {
                Form form = read(f, new TypeReference<Form>() {});
                requireIdMatchesFile(f, form.id());
                forms.put(form.id(), form);
            }
            Path planFile = root.resolve("plans.yaml");
            if (Files.exists(planFile)) {
                plans.clear();
                plans.addAll(read(planFile, new TypeReference<List<PlanPeriod>>() {}));
            }
            Path reportingFile = root.resolve("reporting.yaml");
            if (Files.exists(reportingFile)) reporting = read(reportingFile, new TypeReference<Reporting>() {});
            Path qualityFile = root.resolve("quality.yaml");
            if (Files.exists(qualityFile)) quality = read(qualityFile, new TypeReference<QualityRules>() {});
            Path sourceFile = root.resolve("sources.yaml");
            if (Files.exists(sourceFile)) {
                for (Source s : read(sourceFile, new TypeReference<List<Source>>() {})) sources.put(s.id(), s);
            }
            for (Path f : yamlFiles(root.resolve("indicators"))) {
                Indicator ind = read(f, new TypeReference<Indicator>() {});
                requireIdMatchesFile(f, ind.id());
                indicators.put(ind.id(), ind);
            }
        }
        if (reporting == null) throw new CatalogError("reporting.yaml", "is missing: no catalog root declares the first year and the levels");
        if (quality == null) throw new CatalogError("quality.yaml", "is missing: no catalog root declares the quality rules");
        Catalog catalog = new Catalog(forms, indicators, List.copyOf(plans), sources, reporting, quality);
        catalog.check();
        return catalog;
    }

    private void check() {
        checkReporting();
        checkQuality();
        for (Indicator i : indicators.values()) {
            String file = "indicators/" + i.id() + ".yaml";
            if (i.name() == null || i.name().zh() == null || i.name().en() == null) throw new CatalogError(file, "needs name.zh and name.en");
            if (i.unit() == null) throw new CatalogError(file, "needs a unit");
            if (i.numerator() == null || i.denominator() == null) throw new CatalogError(file, "needs numerator and denominator");
            if (i.factor() == 0) throw new CatalogError(file, "needs a non-zero factor");
            if (!forms.containsKey(i.form())) throw new CatalogError(file, "names unknown form '" + i.form() + "' (known: " + forms.keySet() + ")");
            if (i.share() && i.factor() != 100) throw new CatalogError(file, "is a share, so its factor must be 100 (a part of its denominator, in %)");
            if (!forms.get(i.form()).counted().containsKey(i.population().id())) {
                throw new CatalogError(file, "counts " + i.population().id() + " units, which form " + i.form() + " does not name under 'counted'");
            }
            for (String s : i.sources()) {
                if (!sources.containsKey(s)) throw new CatalogError(file, "cites unknown source '" + s + "'");
            }
            for (Target t : i.targets()) {
                if (t.plan() == null || t.scope() == null || t.year() == 0) throw new CatalogError(file, "has a target without plan, scope or year");
                if (t.source() != null && !sources.containsKey(t.source())) throw new CatalogError(file, "target cites unknown source '" + t.source() + "'");
                if (t.basicallyAchieved() != null && (!i.direction().higherIsBetter()
                        ? t.basicallyAchieved() < t.value() : t.basicallyAchieved() > t.value())) {
                    throw new CatalogError(file, "target " + t.plan() + " " + t.scope() + ": basically_achieved "
                            + t.basicallyAchieved() + " must be short of the target " + t.value());
                }
            }
        }
        for (Form f : forms.values()) {
            String file = "forms/" + f.id() + ".yaml";
            if (f.field(f.regionField()).isEmpty()) throw new CatalogError(file, "region_field '" + f.regionField() + "' is not a field");
            if (f.field(Form.YEAR_FIELD).isEmpty()) throw new CatalogError(file, "has no 'year' field");
            if (f.nameField() != null && f.field(f.nameField()).isEmpty()) throw new CatalogError(file, "name_field '" + f.nameField() + "' is not a field");
            if (f.populationField() != null && f.field(f.populationField()).isEmpty()) throw new CatalogError(file, "population_field '" + f.populationField() + "' is not a field");
            for (String p : f.counted().keySet()) {
                if (java.util.Arrays.stream(Population.values()).noneMatch(x -> x.id().equals(p))) {
                    throw new CatalogError(file, "counted names unknown population '" + p + "' (all, urban, rural)");
                }
            }
            if (f.deadline() != null) {
                try {
                    java.time.MonthDay.of(f.deadline().month(), f.deadline().day());
                } catch (java.time.DateTimeException e) {
                    throw new CatalogError(file, "deadline is not a day of the year: " + e.getMessage());
                }
            }
            for (String r : f.revisionOrder()) {
                if (f.field(r).isEmpty()) throw new CatalogError(file, "revision_order names unknown field '" + r + "'");
            }
            f.rules().forEach(r -> r.fields().forEach(id -> {
                if (f.field(id).isEmpty()) throw new CatalogError(file, "rule " + r.id() + " names unknown field '" + id + "'");
            }));
        }
    }

    private static void requireIdMatchesFile(Path file, String id) {
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (id == null || !id.equals(base)) throw new CatalogError(file.toString(), "its id '" + id + "' must equal the file name '" + base + "'");
    }

    private static <T> T read(Path file, TypeReference<T> type) {
        try {
            T value = YAML.readValue(Files.readString(file), type);
            if (value == null) throw new CatalogError(file.toString(), "is empty");
            return value;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new CatalogError(file.toString(), why, e);
        }
    }

    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted(
                    (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in catalog directory, inside the jar or on disk when run from classes. */
    public static Path builtInRoot() {
        try {
            URI uri = Catalog.class.getResource(BUILT_IN).toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return fs.getPath(BUILT_IN);
            }
            return Path.of(uri);
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot open the built-in catalog", e);
        }
    }

    public Collection<Form> forms() { return forms.values(); }
    public Collection<Indicator> indicators() { return indicators.values(); }
    public List<PlanPeriod> plans() { return plans; }
    public Collection<Source> sources() { return sources.values(); }

    public Form form(String id) {
        Form f = forms.get(id);
        if (f == null) throw new IllegalArgumentException("unknown form " + id);
        return f;
    }

    public Optional<Indicator> indicator(String id) {
        return Optional.ofNullable(indicators.get(id));
    }

    public Optional<Source> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    /** What an indicator counts, in words, as its form declares it for its population (居民委员会, 乡镇(街道) …). */
    public grassroots.warehouse.Text countedUnits(Indicator i) {
        return form(i.form()).counted().get(i.population().id());
    }

    public Reporting reporting() { return reporting; }
    public QualityRules quality() { return quality; }

    /** The first year a return may be for (reporting.yaml). */
    public int firstYear() { return reporting.firstYear(); }

    /** The year the last plan period ends: how far the sample runs and targets look. */
    public int lastPlanYear() {
        return plans.stream().mapToInt(PlanPeriod::to).max().orElse(reporting.firstYear());
    }

    private void checkReporting() {
        String file = "reporting.yaml";
        if (reporting.firstYear() < 1949 || reporting.firstYear() > 2100) throw new CatalogError(file, "first_year " + reporting.firstYear() + " is not a plausible year");
        List<String> declared = reporting.levels().stream().map(Reporting.LevelDeclaration::id).toList();
        List<String> known = java.util.Arrays.stream(grassroots.warehouse.regions.Level.values()).map(grassroots.warehouse.regions.Level::id).toList();
        if (!declared.equals(known)) throw new CatalogError(file, "levels must be " + known + " in this order, not " + declared);
        int previous = -1;
        for (Reporting.LevelDeclaration l : reporting.levels()) {
            if (l.name() == null || l.name().zh() == null || l.name().en() == null || l.plural() == null || l.plural().zh() == null
                    || l.plural().en() == null) throw new CatalogError(file, "level " + l.id() + " needs name and plural, each in zh and en");
            if (l.digits() <= previous) throw new CatalogError(file, "level " + l.id() + " must have longer codes than the level above it");
            previous = l.digits();
        }
    }

    private void checkQuality() {
        String file = "quality.yaml";
        if (!forms.containsKey(quality.defaultForm())) throw new CatalogError(file, "default_form '" + quality.defaultForm() + "' is not a form");
        QualityRules.Completeness c = quality.completeness();
        if (c == null || c.low() <= 0 || c.low() > 1) throw new CatalogError(file, "completeness.low must be a share in (0, 1]");
        for (int k = 0; k < c.bands().size(); k++) {
            double b = c.bands().get(k);
            if (b <= 0 || b > 1 || (k > 0 && b <= c.bands().get(k - 1))) throw new CatalogError(file, "completeness.bands must be ascending shares in (0, 1]");
        }
        QualityRules.Outliers o = quality.outliers();
        if (o == null || o.z() <= 0 || o.minSiblings() < 3) throw new CatalogError(file, "outliers needs z > 0 and min_siblings of at least 3");
        if (o.levels().isEmpty() || !grassroots.warehouse.regions.Level.AGGREGATE_LEVELS.containsAll(o.levels())) {
            throw new CatalogError(file, "outliers.levels must be levels indicators are rolled up to");
        }
    }

    public List<Indicator> indicatorsOf(Form form) {
        return indicators.values().stream().filter(i -> i.form().equals(form.id())).toList();
    }
}
