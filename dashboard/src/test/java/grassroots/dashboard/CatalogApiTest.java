package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Indicator;
import grassroots.warehouse.catalog.QualityRules;
import grassroots.warehouse.catalog.Reporting;
import grassroots.warehouse.forms.Field;
import grassroots.warehouse.forms.Form;
import grassroots.warehouse.forms.Rule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** /api/meta, /api/indicators and /api/forms serve what the catalog declares, every item of it, over real HTTP. */
class CatalogApiTest extends LiveServer {
    private final Catalog catalog = Catalog.standard();

    @Test
    void metaServesTheFirstYearLevelsAndQualityRules() throws Exception {
        JsonNode meta = getJson("/api/meta", 200);
        assertEquals(catalog.firstYear(), meta.get("first_year").asInt());
        List<Reporting.LevelDeclaration> levels = catalog.reporting().levels();
        assertEquals(levels.size(), meta.get("level_names").size());
        for (Reporting.LevelDeclaration l : levels) {
            JsonNode served = meta.get("level_names").get(l.id());
            assertEquals(l.name().zh(), served.get("name").get("zh").asText(), l.id());
            assertEquals(l.plural().en(), served.get("plural").get("en").asText(), l.id());
        }
        // indicators are rolled up to every level but the last (the unit)
        assertEquals(levels.subList(0, levels.size() - 1).stream().map(Reporting.LevelDeclaration::id).toList(),
                strings(meta.get("levels")));
        QualityRules q = catalog.quality();
        assertEquals(q.completeness().low(), meta.get("low_completeness").asDouble());
        JsonNode quality = meta.get("quality");
        assertEquals(q.defaultForm(), quality.get("default_form").asText());
        assertEquals(q.completeness().bands(), doubles(quality.get("completeness").get("bands")));
        assertEquals(q.outliers().z(), quality.get("outliers").get("z").asDouble());
        assertEquals(q.outliers().minSiblings(), quality.get("outliers").get("min_siblings").asInt());
        assertEquals(q.outliers().levels().stream().map(l -> l.id()).toList(), strings(quality.get("outliers").get("levels")));
        assertEquals(catalog.plans().size(), meta.get("plans").size());
    }

    @Test
    void everyIndicatorSaysWhetherItIsAShareWhichWayIsBetterAndWhatItCounts() throws Exception {
        JsonNode list = getJson("/api/indicators", 200);
        assertEquals(catalog.indicators().size(), list.size());
        for (JsonNode served : list) {
            Indicator i = catalog.indicator(served.get("id").asText()).orElseThrow();
            assertEquals(i.share(), served.get("share").asBoolean(), i.id());
            assertEquals(i.direction().id(), served.get("direction").asText(), i.id());
            assertTrue(List.of("higher_is_better", "lower_is_better").contains(served.get("direction").asText()));
            assertEquals(catalog.form(i.form()).counted().get(i.population().id()).zh(), served.get("counted").get("zh").asText(), i.id());
            // a share is a part of its whole in %: the catalog refuses any other factor
            if (i.share()) assertEquals(100.0, served.get("factor").asDouble(), i.id());
        }
    }

    @Test
    void formsServeTheirFieldsRulesGrainAndDeadline() throws Exception {
        JsonNode forms = getJson("/api/forms", 200);
        List<String> ids = new ArrayList<>();
        forms.forEach(f -> ids.add(f.get("id").asText()));
        assertEquals(catalog.forms().stream().map(Form::id).toList(), ids);
        for (JsonNode served : forms) {
            Form f = catalog.form(served.get("id").asText());
            assertEquals(f.grain().id(), served.get("grain").asText());
            assertEquals(f.name().zh(), served.get("name").get("zh").asText());
            assertEquals(f.fields().size(), served.get("fields").size(), f.id());
            for (int k = 0; k < f.fields().size(); k++) {
                Field field = f.fields().get(k);
                JsonNode s = served.get("fields").get(k);
                assertEquals(field.id(), s.get("id").asText());
                assertEquals(field.label().zh(), s.get("label").get("zh").asText());
                assertEquals(field.type().name().toLowerCase(), s.get("type").asText());
                assertEquals(field.required(), s.get("required").asBoolean());
                if (field.min() != null) assertEquals(field.min(), s.get("min").asDouble(), field.id());
                if (field.type() == grassroots.warehouse.forms.FieldType.FLAG) assertEquals(1, s.get("max").asInt(), field.id());
                if (field.type() == grassroots.warehouse.forms.FieldType.YEAR) assertEquals(catalog.firstYear(), s.get("min").asInt());
            }
            assertEquals(f.rules().size(), served.get("rules").size(), f.id());
            for (int k = 0; k < f.rules().size(); k++) {
                Rule r = f.rules().get(k);
                JsonNode s = served.get("rules").get(k);
                assertEquals(r.id(), s.get("id").asText());
                assertEquals(r.check(), s.get("check").asText());
                assertEquals(r.violation(), s.get("violation").asText());
                assertEquals(r.fields(), strings(s.get("fields")));
                assertEquals(r.message().en(), s.get("message").get("en").asText());
            }
            if (f.deadline() == null) assertTrue(served.get("deadline").isNull());
            else assertEquals(f.deadline().month(), served.get("deadline").get("month").asInt());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
