package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import grassroots.access.Role;
import io.javalin.security.Roles;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * /api/openapi.json describes every route the server registered, the reference parser reads it as OpenAPI 3.1, and
 * the real answers of every operation (successes, errors and downloads) match what it says.
 */
class OpenApiTest extends LiveServer {
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private static JsonNode document() throws Exception {
        return getJson("/api/openapi.json", 200);
    }

    @Test
    void theReferenceParserReadsItAsOpenApi31() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(get("/api/openapi.json").body(), null, options);
        assertEquals(List.of(), parsed.getMessages());
        assertEquals(SpecVersion.V31, parsed.getOpenAPI().getSpecVersion());
        assertEquals(document().get("paths").size(), parsed.getOpenAPI().getPaths().size());
        assertNotNull(parsed.getOpenAPI().getComponents().getSecuritySchemes().get("bearer"));
    }

    @Test
    void everyOperationAndParameterIsDescribedInChineseAndEnglish() throws Exception {
        JsonNode doc = document();
        operations(doc).forEach((key, op) -> {
            assertFalse(op.has("x-undescribed"), key + " has no entry in openapi/paths.yaml");
            for (String field : List.of("summary", "x-summary-en", "description", "x-description-en")) {
                assertFalse(op.path(field).asText().isBlank(), key + " " + field);
            }
            assertTrue(op.get("summary").asText().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN), key);
            for (JsonNode p : op.path("parameters")) {
                JsonNode param = resolve(doc, p);
                assertFalse(param.path("description").asText().isBlank(), key + " " + param.get("name"));
                assertFalse(param.path("x-description-en").asText().isBlank(), key + " " + param.get("name"));
            }
        });
    }

    @Test
    void parametersOfferWhatTheCatalogAndTheSnapshotDeclare() throws Exception {
        JsonNode params = document().get("components").get("parameters");
        assertEquals(warehouse.acquire().warehouse().catalog().indicators().stream().map(i -> i.id()).toList(),
                strings(params.get("indicator").get("schema").get("enum")));
        assertEquals(List.of("nation", "province", "prefecture", "county", "township"), strings(params.get("level").get("schema").get("enum")));
        assertEquals(List.of("2019", "2020"), strings(params.get("year").get("schema").get("enum")));
        assertEquals(List.of("JC-1", "JC-2"), strings(params.get("form").get("schema").get("enum")));
        assertEquals(List.of("十二五", "十三五", "十四五"), strings(params.get("plan").get("schema").get("enum")));
        assertEquals("居民公约/村规民约制定率", params.get("indicator").get("schema").get("x-enum-descriptions").get(0).asText());
    }

    @Test
    void everyRouteJavalinRegisteredIsDescribedWithItsAccessRule() throws Exception {
        JsonNode doc = document();
        Set<String> fallbacks = new LinkedHashSet<>(strings(doc.get("x-fallback")));
        Set<String> registered = new LinkedHashSet<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            var endpoint = parsed.endpoint;
            if (!endpoint.method.isHttpMethod()) continue;
            String key = endpoint.method.name() + " " + endpoint.path;
            registered.add(key);
            if (fallbacks.contains(key)) continue;
            JsonNode op = doc.get("paths").path(endpoint.path).path(endpoint.method.name().toLowerCase(Locale.ROOT));
            assertTrue(op.isObject(), key + " is not in /api/openapi.json");
            assertFalse(op.has("x-undescribed"), key + " has no entry in openapi/paths.yaml");
            String need = endpoint.metadata(Roles.class).getRoles().iterator().next().toString().toLowerCase(Locale.ROOT);
            assertEquals(need, op.get("x-access").get("need").asText(), key);
            assertEquals(need.equals("public"), op.get("security").isEmpty(), key + ": security");
            boolean downloads = false;
            for (JsonNode p : op.path("parameters")) downloads |= p.path("$ref").asText().equals("#/components/parameters/format");
            assertEquals(downloads, op.get("x-access").has("download"), key + ": downloads need their own authority");
        }
        assertEquals(registered.stream().filter(k -> !fallbacks.contains(k)).collect(java.util.stream.Collectors.toSet()), operations(doc).keySet());
        assertTrue(registered.containsAll(fallbacks), "every declared fallback is a route");
        assertTrue(registered.containsAll(OpenApi.described()), "paths.yaml describes only routes that exist");
    }

    @Test
    void realAnswersOfEveryOperationMatchTheSchemas() throws Exception {
        JsonNode doc = document();
        String other = tokenOf("openapi-logout", Role.PLANNER, "64");
        Map<String, String> created = new java.util.HashMap<>(); // collection path → the id of what a POST there made
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : operations(doc).entrySet()) {
            String method = e.getKey().split(" ")[0], path = e.getKey().split(" ")[1];
            JsonNode op = e.getValue();
            // signing out, signing in and revoking act on one's own session and tokens: not the admin's test token
            String token = path.equals("/api/logout") ? other : adminToken;
            Body body = body(op);
            if (path.equals("/api/login")) body = Body.json(json.createObjectNode().put("name", "admin").put("password", PASSWORD).toString());
            StringBuilder url = new StringBuilder(path);
            List<String> query = new ArrayList<>();
            boolean table = false;
            for (JsonNode p : op.path("parameters")) {
                JsonNode param = resolve(doc, p);
                String value = param.path("example").asText();
                if (param.get("in").asText().equals("query") && !param.has("example")) continue;
                if (path.equals("/api/tokens/{id}")) value = newestTokenId();
                else if (param.get("in").asText().equals("path") && created.containsKey(path.substring(0, path.indexOf("/{")))) {
                    value = created.get(path.substring(0, path.indexOf("/{")));
                }
                if (param.get("in").asText().equals("path")) {
                    url.replace(url.indexOf("{"), url.indexOf("}") + 1, value);
                } else query.add(param.get("name").asText() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
                table |= p.path("$ref").asText().endsWith("/format");
            }
            String full = url + (query.isEmpty() ? "" : "?" + String.join("&", query));
            HttpResponse<String> answer = send(method, full, body, token);
            check(doc, op, e.getKey(), answer, !MAY_REFUSE.containsKey(e.getKey()));
            if (MAY_REFUSE.containsKey(e.getKey()) && answer.statusCode() >= 400) assertEquals(409, answer.statusCode(), e.getKey());
            if (answer.statusCode() == 201 && json.readTree(answer.body()).has("id")) created.put(path, json.readTree(answer.body()).get("id").asText());
            checked++;
            if (table) check(doc, op, e.getKey() + " (csv)", send(method, full.replace("format=json", "format=csv"), body, token), true);
            // the same without any parameter or body: an answer or an error, either as documented
            if (path.startsWith("/api/") && !path.contains("{") && !path.equals("/api/logout")) {
                check(doc, op, e.getKey() + " (bare)", send(method, path, null, token), false);
            }
        }
        assertEquals(operations(doc).size(), checked);
        // and the errors of the gate, on a route that needs an authority
        JsonNode values = doc.get("paths").get("/api/values").get("get");
        check(doc, values, "unauthorized", send("GET", "/api/values", null, null), false);
        check(doc, values, "forbidden", send("GET", "/api/quality/quarantine", null, tokenOf("openapi-leader", Role.LEADER, "CN")), false);
    }

    /** A response matches the operation: a documented status, a documented content type, and JSON that fits its schema. */
    private static void check(JsonNode doc, JsonNode op, String what, HttpResponse<String> r, boolean mustSucceed) throws Exception {
        String status = Integer.toString(r.statusCode());
        if (mustSucceed) assertTrue(r.statusCode() < 400, what + " → " + r.statusCode() + " " + r.body());
        JsonNode response = op.get("responses").has(status) ? op.get("responses").get(status) : op.get("responses").get("default");
        assertNotNull(response, what + ": status " + status + " is not documented");
        if (r.statusCode() < 400) assertTrue(op.get("responses").has(status), what + ": status " + status + " is not documented");
        response = resolve(doc, response);
        String type = r.headers().firstValue("content-type").orElse("").split(";")[0].strip();
        if (!response.has("content")) return; // a redirect
        assertTrue(response.get("content").has(type), what + ": content type " + type + " is not documented");
        if (!type.equals("application/json")) return;
        ObjectNode root = response.get("content").get(type).get("schema").deepCopy();
        root.set("components", doc.get("components"));
        Schema schema = SCHEMAS.getSchema(root);
        List<Error> errors = schema.validate(json.readTree(r.body()));
        assertEquals(List.of(), errors.stream().map(Error::toString).toList(), what + " → " + abbreviate(r.body()));
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    /** Operations whose example may meet a state it cannot change (a conflict, 409), each with why. */
    private static final Map<String, String> MAY_REFUSE = Map.of(
            "POST /api/submissions/{id}/return", "the submission was approved just before: only a submitted one can be returned");

    /** A request body: its content type and bytes. */
    private record Body(String type, byte[] bytes) {
        static Body json(String text) {
            return new Body("application/json", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The operation's example body: JSON as it is; multipart/form-data with each field of the example, a binary one
     * being the sample returns file the example names (the server's test warehouse was built from them).
     */
    private static Body body(JsonNode op) throws Exception {
        JsonNode content = op.path("requestBody").path("content");
        if (content.has("application/json") && content.get("application/json").has("example")) {
            return Body.json(content.get("application/json").get("example").toString());
        }
        if (!content.has("multipart/form-data")) return null;
        JsonNode media = content.get("multipart/form-data");
        String boundary = "----openapi" + System.nanoTime();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Iterator<Map.Entry<String, JsonNode>> it = media.get("example").fields(); it.hasNext(); ) {
            var field = it.next();
            boolean file = media.get("schema").get("properties").get(field.getKey()).path("format").asText().equals("binary");
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\""
                    + (file ? "; filename=\"" + field.getValue().asText() + "\"\r\nContent-Type: application/octet-stream" : "")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            if (file) {
                try (var found = java.nio.file.Files.walk(tmp.resolve("returns"))) {
                    out.write(java.nio.file.Files.readAllBytes(found.filter(f -> f.getFileName().toString().equals(field.getValue().asText()))
                            .findFirst().orElseThrow()));
                }
            } else out.write(field.getValue().asText().getBytes(StandardCharsets.UTF_8));
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Body("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    private static HttpResponse<String> send(String method, String path, Body body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", body.type());
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The id of the admin's newest API token (made by POST /api/tokens above), which DELETE /api/tokens/{id} revokes. */
    private static String newestTokenId() throws Exception {
        long newest = 0;
        for (JsonNode t : getJson("/api/tokens", 200)) newest = Math.max(newest, t.get("id").asLong());
        return Long.toString(newest);
    }

    /** Every operation of the document, as "GET /api/values", in the document's order. */
    private static Map<String, JsonNode> operations(JsonNode doc) {
        Map<String, JsonNode> ops = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            path.getValue().fields().forEachRemaining(m -> ops.put(m.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), m.getValue()));
        }
        return ops;
    }

    /** Follows a local $ref (#/components/…). */
    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
