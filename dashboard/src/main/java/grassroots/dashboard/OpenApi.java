package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import grassroots.access.Authority;
import grassroots.access.Role;
import grassroots.dashboard.access.Need;
import grassroots.warehouse.Text;
import grassroots.warehouse.catalog.Catalog;
import grassroots.warehouse.catalog.Direction;
import grassroots.warehouse.catalog.Reporting;
import grassroots.warehouse.forms.FieldType;
import grassroots.warehouse.query.Boundaries;
import grassroots.warehouse.query.Warehouse;
import grassroots.warehouse.regions.Level;
import io.javalin.Javalin;
import io.javalin.security.Roles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of the API, put together from what is declared elsewhere:
 * the routes and their access rules as Server registered them with Javalin, what each does (paths.yaml), the shapes
 * of the answers (schemas.yaml), and the values a parameter may take from the catalog and the snapshot (indicators,
 * forms, levels, years, plans …). A route that paths.yaml does not describe still appears, marked
 * {@code x-undescribed}, and OpenApiTest fails on it.
 */
final class OpenApi {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DIR = "/grassroots/dashboard/openapi/";
    private static final ObjectNode BASE = load("base.yaml"), PATHS = load("paths.yaml"), SCHEMAS = load("schemas.yaml");
    private static final List<String> TABLE_TYPES = List.of("text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private OpenApi() {}

    /** A route as the server registered it: method (GET …), path ({@code /api/regions/{code}}) and its access rule. */
    record Route(String method, String path, Need need) {
        String key() { return method + " " + path; }
    }

    /** Every HTTP route the app registered (not before/after handlers, not static files). */
    static List<Route> routes(Javalin app) {
        List<Route> routes = new ArrayList<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            if (!endpoint.method.isHttpMethod()) continue;
            Roles roles = endpoint.metadata(Roles.class);
            Need need = roles == null ? null : roles.getRoles().stream().filter(Need.class::isInstance)
                    .map(Need.class::cast).findFirst().orElse(null);
            routes.add(new Route(endpoint.method.name(), endpoint.path, need));
        }
        return routes;
    }

    /** The routes paths.yaml describes, as "GET /api/values". */
    static Set<String> described() {
        Set<String> keys = new LinkedHashSet<>();
        PATHS.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> keys.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        return keys;
    }

    /** Catch-all routes (they answer 404 for unknown paths), which are not endpoints of their own. */
    static Set<String> fallbacks() {
        Set<String> keys = new LinkedHashSet<>();
        BASE.path("x-fallback").forEach(n -> keys.add(n.asText()));
        return keys;
    }

    /** The document for the snapshot {@code w} serves and the routes the server registered. */
    static ObjectNode document(Warehouse w, List<Route> routes) {
        ObjectNode doc = BASE.deepCopy();
        ObjectNode info = (ObjectNode) doc.get("info");
        info.put("x-snapshot", w.snapshot().id());
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        Set<String> fallbacks = fallbacks();
        for (Route route : routes) {
            if (fallbacks.contains(route.key())) continue;
            ObjectNode path = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            path.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        ((ObjectNode) doc.get("components")).set("schemas", schemas());
        fillValues(doc, values(w));
        return doc;
    }

    private static ObjectNode operation(Route route) {
        JsonNode declared = PATHS.path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
        ObjectNode op = declared.isObject() ? declared.deepCopy() : NODES.objectNode().put("x-undescribed", true);
        if (!op.has("operationId")) op.put("operationId", operationId(route));
        boolean table = false;
        if (op.has("parameters")) {
            ArrayNode expanded = NODES.arrayNode();
            for (JsonNode p : op.get("parameters")) {
                if (p.isTextual()) {
                    expanded.addObject().put("$ref", "#/components/parameters/" + p.asText());
                    table |= p.asText().equals("format");
                } else expanded.add(p);
            }
            op.set("parameters", expanded);
        }
        ObjectNode responses = op.has("responses") ? (ObjectNode) op.get("responses") : op.putObject("responses");
        JsonNode answer = op.remove("x-answer");
        JsonNode status = op.remove("x-answer-status");
        if (answer != null) {
            ObjectNode ok = responses.putObject(status == null ? "200" : status.asText());
            ok.put("description", "成功").put("x-description-en", "success");
            ObjectNode content = ok.putObject("content");
            content.putObject("application/json").set("schema", answer);
            // tabular answers also come as downloads (format=csv or xlsx)
            if (table) for (String type : TABLE_TYPES) content.putObject(type).putObject("schema").put("type", "string");
        }
        access(op, route.need(), !route.method().equals("GET"), table);
        if (route.path().startsWith("/api/")) responses.putObject("default").put("$ref", "#/components/responses/Error");
        return op;
    }

    /**
     * The route's access rule: the security schemes that satisfy it, the authority it needs (and for a tabular answer
     * the one downloads need, as the Gate checks), and a sentence saying so.
     */
    private static void access(ObjectNode op, Need need, boolean changesState, boolean downloads) {
        ObjectNode responses = (ObjectNode) op.get("responses");
        ArrayNode security = op.putArray("security");
        ObjectNode rule = op.putObject("x-access");
        Text sentence;
        if (need == null || need == Need.PUBLIC) {
            rule.put("need", need == null ? "none" : "public");
            sentence = need == null ? Text.of("未声明访问规则：一律拒绝", "declares no access rule: always refused")
                    : Text.of("公开", "public");
        } else {
            rule.put("need", need.name().toLowerCase(Locale.ROOT));
            Authority a = need.authority();
            if (a != null) rule.putObject("authority").put("id", a.name().toLowerCase(Locale.ROOT))
                    .put("zh", a.label().zh()).put("en", a.label().en());
            sentence = a == null ? Text.of("已登录的用户", "any signed-in user")
                    : Text.of("需要权限「" + a.label().zh() + "」", "needs the authority \"" + a.label().en() + "\"");
            ObjectNode session = security.addObject();
            session.putArray("session");
            if (changesState) session.putArray("csrf");
            security.addObject().putArray("bearer");
            if (downloads) {
                Authority d = Authority.DOWNLOAD;
                rule.putObject("download").put("id", d.name().toLowerCase(Locale.ROOT)).put("zh", d.label().zh()).put("en", d.label().en());
                sentence = Text.of(sentence.zh() + "；下载(format=csv、xlsx)另需权限「" + d.label().zh() + "」",
                        sentence.en() + "; downloads (format=csv, xlsx) also need \"" + d.label().en() + "\"");
            }
            responses.putObject("401").put("$ref", "#/components/responses/Unauthorized");
            responses.putObject("403").put("$ref", "#/components/responses/Forbidden");
        }
        op.put("description", join(op.path("description").asText(""), "访问：" + sentence.zh() + "。"));
        op.put("x-description-en", join(op.path("x-description-en").asText(""), "Access: " + sentence.en() + "."));
    }

    private static String join(String text, String sentence) {
        return text.isBlank() ? sentence : text.strip() + "\n\n" + sentence;
    }

    /** GET /api/regions/{code} → getApiRegionsByCode. */
    private static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String part : route.path().split("[/._-]+")) {
            if (part.isEmpty()) continue;
            boolean param = part.startsWith("{");
            String word = param ? part.substring(1, part.length() - 1) : part;
            if (param) id.append("By");
            id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return id.length() == route.method().length() ? id.append("Root").toString() : id.toString();
    }

    /** The schemas, with {@code x-extends: Name} spelled out: the named schema's properties and required fields first. */
    private static ObjectNode schemas() {
        ObjectNode schemas = SCHEMAS.deepCopy();
        schemas.fields().forEachRemaining(e -> {
            ObjectNode schema = (ObjectNode) e.getValue();
            JsonNode parent = schema.remove("x-extends");
            if (parent == null) return;
            ObjectNode base = (ObjectNode) SCHEMAS.get(parent.asText());
            ObjectNode properties = base.get("properties").deepCopy();
            properties.setAll((ObjectNode) schema.get("properties"));
            schema.set("properties", properties);
            ArrayNode required = base.get("required").deepCopy();
            schema.path("required").forEach(required::add);
            schema.set("required", required);
        });
        return schemas;
    }

    /** A set of allowed values, with the names of each where they have one. */
    private record Values(List<Object> ids, List<Text> names) {
        static Values of(List<?> ids) {
            return new Values(List.copyOf(ids), null);
        }
    }

    /** What {@code x-values: NAME} stands for, from the catalog, the snapshot and the access model. */
    private static Map<String, Values> values(Warehouse w) {
        Catalog c = w.catalog();
        Map<String, Text> levelNames = new LinkedHashMap<>();
        for (Reporting.LevelDeclaration l : c.reporting().levels()) levelNames.put(l.id(), l.name());
        Map<String, Values> v = new LinkedHashMap<>();
        v.put("indicators", new Values(c.indicators().stream().map(i -> (Object) i.id()).toList(),
                c.indicators().stream().map(i -> i.name()).toList()));
        v.put("forms", new Values(c.forms().stream().map(f -> (Object) f.id()).toList(), c.forms().stream().map(f -> f.name()).toList()));
        v.put("levels", new Values(Level.AGGREGATE_LEVELS.stream().map(l -> (Object) l.id()).toList(),
                Level.AGGREGATE_LEVELS.stream().map(l -> levelNames.get(l.id())).toList()));
        v.put("all_levels", new Values(new ArrayList<>(levelNames.keySet()), new ArrayList<>(levelNames.values())));
        v.put("years", Values.of(w.years()));
        v.put("plans", new Values(c.plans().stream().map(p -> (Object) p.id()).toList(), c.plans().stream().map(p -> p.name()).toList()));
        v.put("boundaries", Values.of(Arrays.stream(Boundaries.values()).map(Boundaries::id).toList()));
        v.put("roles", new Values(Arrays.stream(Role.values()).map(r -> (Object) r.id()).toList(),
                Arrays.stream(Role.values()).map(Role::label).toList()));
        v.put("authorities", new Values(Arrays.stream(Authority.values()).map(a -> (Object) a.name().toLowerCase(Locale.ROOT)).toList(),
                Arrays.stream(Authority.values()).map(Authority::label).toList()));
        v.put("submission_statuses", Values.of(Arrays.stream(grassroots.access.Submission.Status.values()).map(grassroots.access.Submission.Status::id).toList()));
        v.put("directions", Values.of(Arrays.stream(Direction.values()).map(Direction::id).toList()));
        v.put("field_types", Values.of(Arrays.stream(FieldType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList()));
        return v;
    }

    /** Replaces every {@code x-values: NAME} by {@code enum} (and the names of its values); an example outside them is replaced. */
    private static void fillValues(JsonNode node, Map<String, Values> values) {
        if (node.isArray()) {
            node.forEach(n -> fillValues(n, values));
            return;
        }
        if (!node.isObject()) return;
        ObjectNode o = (ObjectNode) node;
        JsonNode name = o.remove("x-values");
        if (name != null) {
            Values v = values.get(name.asText());
            if (v == null) throw new IllegalStateException("openapi: unknown x-values " + name.asText());
            o.set("enum", YAML.valueToTree(v.ids()));
            if (v.names() != null) {
                o.set("x-enum-descriptions", YAML.valueToTree(v.names().stream().map(Text::zh).toList()));
                o.set("x-enum-descriptions-en", YAML.valueToTree(v.names().stream().map(Text::en).toList()));
            }
        }
        // a parameter's example must be one of its values (a snapshot may lack the year the example names)
        JsonNode allowed = o.path("schema").path("x-values");
        if (o.has("example") && allowed.isTextual() && values.containsKey(allowed.asText())) {
            List<Object> ids = values.get(allowed.asText()).ids();
            boolean known = ids.stream().anyMatch(id -> id.toString().equals(o.get("example").asText()));
            if (!known && !ids.isEmpty()) o.set("example", YAML.valueToTree(ids.get(ids.size() - 1)));
        }
        for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) fillValues(it.next(), values);
    }

    private static ObjectNode load(String name) {
        try (InputStream in = OpenApi.class.getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + DIR + name);
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
