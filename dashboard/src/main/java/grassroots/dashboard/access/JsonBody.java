package grassroots.dashboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import grassroots.dashboard.ApiError;
import io.javalin.http.Context;

import java.io.IOException;

/** The body of a JSON endpoint: refused unless it says it is JSON (a form post from another site cannot). */
public final class JsonBody {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 1 << 20;

    private JsonBody() {}

    public static JsonNode read(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, grassroots.warehouse.Text.of("请求体应为 application/json", "the body must be application/json"));
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) throw new ApiError(413, grassroots.warehouse.Text.of("请求体过大", "the body is too large"));
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) throw new IOException("not an object");
            return node;
        } catch (IOException e) {
            throw ApiError.badRequest("请求体应为JSON对象", "the body must be a JSON object");
        }
    }

    public static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
