package grassroots.dashboard;

import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.QualityRules;
import grassroots.warehouse.catalog.Reporting;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.FieldType;
import grassroots.warehouse.forms.FieldValues;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the catalog declares, served as it is declared, so that the pages and the notebooks re-declare nothing:
 * {@code /api/meta} (years, levels, plans, quality rules), {@code /api/indicators} and {@code /api/forms}.
 */
final class CatalogApi {
    private CatalogApi() {}

    static void meta(Context ctx, Warehouse w) {
        ctx.json(metaOf(w));
    }

    /** /api/meta and /api/indicators in one answer: what every page loads first. */
    static void catalog(Context ctx, Warehouse w) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("meta", metaOf(w));
        answer.put("indicators", indicatorsOf(w));
        ctx.json(answer);
    }

    static Map<String, Object> metaOf(Warehouse w) {
        Catalog catalog = w.catalog();
        QualityRules quality = catalog.quality();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("snapshot", w.snapshot().id());
        meta.put("years", w.years());
        meta.put("first_year", catalog.firstYear());
        meta.put("levels", Level.AGGREGATE_LEVELS.stream().map(Level::id).toList());
        Map<String, Object> levelNames = new LinkedHashMap<>();
        for (Reporting.LevelDeclaration l : catalog.reporting().levels()) {
            Map<String, Object> names = new LinkedHashMap<>();
            names.put("name", l.name());
            names.put("plural", l.plural());
            levelNames.put(l.id(), names);
        }
        meta.put("level_names", levelNames);
        meta.put("plans", catalog.plans());
        meta.put("low_completeness", quality.completeness().low());
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("default_form", quality.defaultForm());
        rules.put("completeness", quality.completeness());
        rules.put("outliers", quality.outliers());
        meta.put("quality", rules);
        meta.put("boundaries", Arrays.stream(Boundaries.values()).map(Boundaries::id).toList());
        return meta;
    }

    static void indicators(Context ctx, Warehouse w) {
        ctx.json(indicatorsOf(w));
    }

    static List<Map<String, Object>> indicatorsOf(Warehouse w) {
        Catalog catalog = w.catalog();
        return catalog.indicators().stream().map(i -> describe(catalog, i)).toList();
    }

    /** An indicator as the API shows it: its declaration with what it counts and its sources spelled out. */
    static Map<String, Object> describe(Catalog catalog, Indicator i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("definition", i.definition());
        m.put("form", i.form());
        m.put("population", i.population());
        m.put("counted", catalog.countedUnits(i));
        m.put("filter", i.filter());
        m.put("numerator", i.numerator());
        m.put("denominator", i.denominator());
        m.put("factor", i.factor());
        m.put("unit", i.unit());
        m.put("share", i.share());
        m.put("decimals", i.decimals());
        m.put("direction", i.direction());
        m.put("targets", i.targets());
        m.put("target_rule", Warehouse.assessment(i).rule(null));
        m.put("sources", i.sources().stream().map(s -> catalog.source(s).orElseThrow()).toList());
        return m;
    }

    static void forms(Context ctx, Warehouse w) {
        ctx.json(w.catalog().forms().stream().map(CatalogApi::describe).toList());
    }

    /** A returns form: one row per region of its grain and year, its fields with their types and ranges, its rules. */
    static Map<String, Object> describe(Form f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("name", f.name());
        m.put("table", f.table()); // also the name of its SQL view
        m.put("grain", f.grain());
        m.put("region_field", f.regionField());
        m.put("name_field", f.nameField());
        m.put("population_field", f.populationField());
        m.put("deadline", f.deadline());
        m.put("fields", f.fields().stream().map(CatalogApi::describe).toList());
        m.put("rules", f.rules().stream().map(r -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.id());
            rule.put("fields", r.fields());
            rule.put("check", r.check());
            rule.put("violation", r.violation());
            rule.put("message", r.message());
            return rule;
        }).toList());
        m.put("revision_order", f.revisionOrder());
        m.put("counted", f.counted());
        return m;
    }

    private static Map<String, Object> describe(Field f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("label", f.label());
        m.put("type", f.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("required", f.required());
        m.put("digits", f.digits());
        // the range a value must lie in: declared for numbers, implied by the type for years and yes/no answers
        m.put("min", switch (f.type()) {
            case YEAR -> (Object) FieldValues.FIRST_YEAR;
            case FLAG -> 0;
            default -> f.min();
        });
        m.put("max", f.type() == FieldType.FLAG ? (Object) 1 : null);
        return m;
    }
}
