package grassroots.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import grassroots.access.Audit;
import grassroots.access.Role;
import grassroots.access.SignInThrottle;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Sign-in over real HTTP: the cookie, /api/me, CSRF, sign-out, throttling, tokens, headers, Host and Origin. */
class SignInTest extends LiveServer {
    static String base() {
        return "http://127.0.0.1:" + app.port();
    }

    static HttpResponse<String> login(String name, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of("name", name, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static String cookie(HttpResponse<?> r) {
        String set = r.headers().firstValue("set-cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    static HttpResponse<String> withCookie(String method, String path, String cookie, String csrf, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookie);
        if (csrf != null) b.header("X-CSRF-Token", csrf);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionCookieSignsInAndStateChangesNeedTheCsrfToken() throws Exception {
        tokenOf("sally", Role.RESEARCHER, "6401");
        HttpResponse<String> r = login("sally", PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        String set = r.headers().firstValue("set-cookie").orElseThrow();
        assertTrue(set.contains("HttpOnly"), set);
        assertTrue(set.contains("SameSite=Strict"), set);
        assertFalse(set.contains("Secure"), "no TLS here, so no Secure flag: " + set);
        String cookie = cookie(r);

        JsonNode me = json.readTree(withCookie("GET", "/api/me", cookie, null, null).body());
        assertEquals("sally", me.get("name").asText());
        assertEquals("researcher", me.get("role").asText());
        assertEquals("6401", me.get("scope").asText());
        assertEquals("银川市", me.get("scope_name").asText());
        String csrf = me.get("csrf_token").asText();

        String sql = "{\"sql\": \"SELECT count(*) FROM jc1\"}";
        assertEquals(403, withCookie("POST", "/api/sql", cookie, null, sql).statusCode(), "no CSRF header");
        assertEquals(403, withCookie("POST", "/api/sql", cookie, "wrong", sql).statusCode(), "a wrong CSRF header");
        assertEquals(200, withCookie("POST", "/api/sql", cookie, csrf, sql).statusCode());
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/sql")).header("Cookie", cookie)
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("sql=SELECT+1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), "a JSON endpoint refuses other content types");

        assertEquals(200, withCookie("POST", "/api/logout", cookie, csrf, "{}").statusCode());
        assertEquals(401, withCookie("GET", "/api/me", cookie, null, null).statusCode(), "sign-out ends the session on the server");
    }

    @Test
    void wrongPasswordsAreRefusedSlowedLockedAndAudited() throws Exception {
        tokenOf("mallory", Role.PLANNER, "CN");
        HttpResponse<String> r = login("mallory", "not the password");
        assertEquals(401, r.statusCode());
        assertEquals("用户名或密码错误", json.readTree(r.body()).get("error").get("zh").asText());
        int status = 0;
        for (int i = 0; i < SignInThrottle.LOCK_AFTER + 2 && status != 429; i++) status = login("mallory", "still not it").statusCode();
        assertEquals(429, status, "repeated failures are slowed, then locked");
        assertEquals(429, login("mallory", PASSWORD).statusCode(), "even the right password waits while locked");
        List<Audit.Entry> audit = access.audit.list(new Audit.Filter("mallory", "sign_in", null, null, 100));
        assertTrue(audit.stream().anyMatch(e -> e.outcome().equals("refused") && "127.0.0.1".equals(e.client())), audit.toString());
    }

    @Test
    void personalTokensAreCreatedListedRevokedAndAudited() throws Exception {
        String token = tokenOf("tom", Role.RESEARCHER, "CN");
        HttpResponse<String> created = post("/api/tokens", "{\"label\": \"notebook\"}", token);
        assertEquals(201, created.statusCode(), created.body());
        String second = json.readTree(created.body()).get("token").asText();
        assertEquals(200, get("/api/values?indicator=charter_coverage&level=province&year=2020", second).statusCode());
        JsonNode listed = json.readTree(get("/api/tokens", second).body());
        assertTrue(listed.findValuesAsText("label").contains("notebook"));
        assertFalse(get("/api/tokens", second).body().contains(second), "a token is shown once, never listed");
        long id = 0;
        for (JsonNode t : listed) if (t.get("label").asText().equals("notebook")) id = t.get("id").asLong();
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/tokens/" + id))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(401, get("/api/values?indicator=charter_coverage&level=province&year=2020", second).statusCode());
        assertFalse(access.audit.list(new Audit.Filter("tom", "token.revoke", null, null, 10)).isEmpty());
    }

    @Test
    void disablingAUserEndsTheirAccessAtOnce() throws Exception {
        String token = tokenOf("dora", Role.PLANNER, "CN");
        String cookie = cookie(login("dora", PASSWORD));
        assertEquals(200, withCookie("GET", "/api/me", cookie, null, null).statusCode());
        HttpResponse<String> off = post("/api/admin/users/dora", "{\"disabled\": true}");
        assertEquals(200, off.statusCode(), off.body());
        assertEquals(401, withCookie("GET", "/api/me", cookie, null, null).statusCode());
        assertEquals(401, get("/api/me", token).statusCode());
        assertFalse(access.audit.list(new Audit.Filter("admin", "user.disable", null, null, 10)).isEmpty());
    }

    @Test
    void headersHostAndOriginAreChecked() throws Exception {
        HttpResponse<String> health = get("/api/health", null);
        String csp = health.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"), csp);
        assertEquals("nosniff", health.headers().firstValue("x-content-type-options").orElseThrow());
        assertTrue(health.headers().firstValue("referrer-policy").isPresent());

        // a DNS-rebinding page reaches the server under its own host name
        // (Java's HTTP client will not send another Host: a plain socket does, as a browser on a rebound name would)
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(("GET /api/health HTTP/1.1\r\nHost: evil.example:" + app.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            assertTrue(status.startsWith("HTTP/1.1 421"), status);
        }

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/sql"))
                .header("Authorization", "Bearer " + adminToken).header("Origin", "http://evil.example")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode());
    }

    @Test
    void errorsCarryNoPathsOrStackTraces() throws Exception {
        HttpResponse<String> r = post("/api/sql", "{\"sql\": \"SELECT * FROM no_such_view\"}");
        assertEquals(400, r.statusCode());
        assertFalse(r.body().contains(tmp.toString()), r.body());
        assertFalse(r.body().contains("at grassroots."), r.body());
    }
}
