package grassroots.dashboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.Tokens;
import grassroots.dashboard.ApiError;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/** A user's own personal API tokens: create (shown once), list, revoke. Every change is audited. */
public final class TokenApi {
    private TokenApi() {}

    public static Handler create(Tokens tokens, AuditTrail audit) {
        return ctx -> {
            JsonNode body = JsonBody.read(ctx);
            String label = JsonBody.text(body, "label");
            Viewer v = Viewer.of(ctx);
            String token = tokens.issue(v.user(), label);
            audit.record(ctx, "token.create", "ok", v.user().name(), "label=" + label, null, null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", token);
            m.put("label", label);
            m.put("note", grassroots.warehouse.Text.of("令牌只显示这一次，请妥善保存", "the token is shown only this once: keep it safe"));
            ctx.status(201).json(m);
        };
    }

    public static Handler list(Tokens tokens) {
        return ctx -> ctx.json(tokens.list(Viewer.of(ctx).user()));
    }

    public static Handler revoke(Tokens tokens, AuditTrail audit) {
        return ctx -> {
            long id = ctx.pathParamAsClass("id", Long.class).get();
            Viewer v = Viewer.of(ctx);
            if (!tokens.revoke(v.user(), id)) throw ApiError.notFound("没有这个令牌：" + id, "no such token: " + id);
            audit.record(ctx, "token.revoke", "ok", v.user().name(), "id=" + id, null, null);
            ctx.json(Map.of("revoked", id));
        };
    }
}
