package grassroots.dashboard.access;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.AccessState;
import grassroots.access.Audit;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.User;
import grassroots.dashboard.ApiError;
import grassroots.dashboard.QueryParams;
import grassroots.warehouse.query.LiveWarehouse;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The administrator's API: users (create, role and scope, disable, reset password) and the audit log. */
public final class AdminApi {
    private AdminApi() {}

    public static Handler users(AccessState state) {
        return ctx -> ctx.json(state.users.all().stream().map(AdminApi::describe).toList());
    }

    public static Handler roles() {
        return ctx -> ctx.json(Arrays.stream(Role.values()).map(r -> Map.of("id", r.id(), "name", r.label(),
                "authorities", r.authorities().stream().map(a -> Map.of("id", a.name().toLowerCase(java.util.Locale.ROOT), "name", a.label())).toList())).toList());
    }

    /** POST {name, role, scope, password}. */
    public static Handler create(AccessState state, AuditTrail audit, LiveWarehouse live) {
        return ctx -> {
            JsonNode b = JsonBody.read(ctx);
            String name = JsonBody.text(b, "name");
            Role role = role(JsonBody.text(b, "role"));
            Scope scope = scope(JsonBody.text(b, "scope"), live);
            User u = guard(() -> state.users.add(name, role, scope, JsonBody.text(b, "password")));
            audit.record(ctx, "user.add", "ok", u.name(), "role=" + role.id() + " scope=" + scope.code(), null, null);
            ctx.status(201).json(describe(u));
        };
    }

    /** POST {role?, scope?, disabled?, password?} to /api/admin/users/{name}. */
    public static Handler update(AccessState state, AuditTrail audit, LiveWarehouse live) {
        return ctx -> {
            String name = ctx.pathParam("name");
            User u = state.users.find(name).orElseThrow(() -> ApiError.notFound("没有这个用户：" + name, "no such user: " + name));
            JsonNode b = JsonBody.read(ctx);
            if (b.has("role") || b.has("scope")) {
                Role role = b.has("role") ? role(JsonBody.text(b, "role")) : u.role();
                Scope scope = b.has("scope") ? scope(JsonBody.text(b, "scope"), live) : Scope.of(u.scope());
                if (u.name().equals(Viewer.of(ctx).user().name()) && role != Role.ADMIN) {
                    throw ApiError.badRequest("不能取消自己的管理员角色", "you cannot take the admin role from yourself");
                }
                state.users.setRole(name, role, scope);
                audit.record(ctx, "user.role", "ok", name, "role=" + role.id() + " scope=" + scope.code(), null, null);
            }
            if (b.has("disabled")) {
                boolean disabled = b.get("disabled").asBoolean();
                if (disabled && u.name().equals(Viewer.of(ctx).user().name())) {
                    throw ApiError.badRequest("不能停用自己", "you cannot disable yourself");
                }
                state.users.setDisabled(name, disabled);
                audit.record(ctx, disabled ? "user.disable" : "user.enable", "ok", name, null, null, null);
            }
            if (b.has("password")) {
                guard(() -> { state.users.setPassword(name, JsonBody.text(b, "password")); return null; });
                audit.record(ctx, "user.passwd", "ok", name, null, null, null);
            }
            ctx.json(describe(state.users.find(name).orElseThrow()));
        };
    }

    /** GET /api/audit?user=&action=&from=&to=&format=csv. */
    public static Handler audit(AccessState state, AuditTrail trail) {
        return ctx -> {
            var format = QueryParams.format(ctx);
            Audit.Filter f = new Audit.Filter(ctx.queryParamAsClass("user", String.class).getOrNull(),
                    ctx.queryParamAsClass("action", String.class).getOrNull(),
                    time(ctx, "from", false), time(ctx, "to", true), ctx.queryParam("format") == null ? 1000 : 100_000);
            List<Audit.Entry> entries = state.audit.list(f);
            grassroots.dashboard.Tables.send(ctx, format, "audit", entries);
            if (ctx.queryParam("format") != null) {
                trail.record(ctx, "download", "ok", ctx.path(), ctx.queryString(), (long) entries.size(), null);
            }
        };
    }

    private static Map<String, Object> describe(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        m.put("role", u.role().id());
        m.put("role_name", u.role().label());
        m.put("scope", u.scope());
        m.put("disabled", u.disabled());
        return m;
    }

    private static Role role(String id) {
        try {
            return Role.ofId(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("未知的角色：" + id, "unknown role: " + id);
        }
    }

    private static Scope scope(String code, LiveWarehouse live) {
        Scope s;
        try {
            s = Scope.of(code);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("范围应为 CN 或省、地、县、乡代码：" + code, "a scope is CN or a province, prefecture, county or township code: " + code);
        }
        boolean known;
        try (LiveWarehouse.Lease lease = live.acquire()) {
            known = s.national() || lease.warehouse().region(s.code()).isPresent();
        }
        if (!known) throw ApiError.badRequest("未知的区划代码：" + code, "unknown region code: " + code);
        return s;
    }

    private static <T> T guard(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            String[] parts = e.getMessage().split(" / ", 2);
            throw ApiError.badRequest(parts[0], parts.length > 1 ? parts[1] : parts[0]);
        }
    }

    /** A date (2026-11-30: its start, or with {@code endOfDay} the start of the next) or a timestamp; null if absent. */
    private static OffsetDateTime time(Context ctx, String name, boolean endOfDay) {
        String v = ctx.queryParamAsClass(name, String.class).check(AdminApi::isTime, QueryParams.error(
                name + " 应为日期(2026-11-30)或时间", name + " must be a date (2026-11-30) or a timestamp", false)).getOrNull();
        if (v == null) return null;
        if (v.length() == 10) {
            LocalDate d = LocalDate.parse(v);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(v);
    }

    private static boolean isTime(String v) {
        if (v == null) return true;
        try {
            if (v.length() == 10) LocalDate.parse(v);
            else OffsetDateTime.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
