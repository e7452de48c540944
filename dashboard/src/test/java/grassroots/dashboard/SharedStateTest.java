package grassroots.dashboard;

import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.StateDatabases;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two servers behind a load balancer share one PostgreSQL: a session made on one works on the other, a sign-out or a
 * disabled user on one is seen by the other at once, and sessions survive a restart.
 */
class SharedStateTest extends LiveServer {
    @Test
    void twoServersShareUsersAndSessionsThroughPostgresql() throws Exception {
        String url = StateDatabases.freshPostgresUrl();
        try (AccessState a = new AccessState(StateDatabase.open(url)); AccessState b = new AccessState(StateDatabase.open(url))) {
            a.users.add("pat", Role.PLANNER, Scope.NATION, PASSWORD);
            Javalin first = Server.create(warehouse, a, Server.Options.local(0)).start();
            Javalin second = Server.create(warehouse, b, Server.Options.local(0)).start();
            try {
                HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"pat\", \"password\": \"" + PASSWORD + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, login.statusCode(), login.body());
                String cookie = SignInTest.cookie(login);
                assertEquals(200, me(second, cookie).statusCode(), "a session made on one server works on the other");

                second.stop(); // a restart: a new server on the same database
                second = Server.create(warehouse, b, Server.Options.local(0)).start();
                assertEquals(200, me(second, cookie).statusCode(), "sessions survive a restart");

                b.users.setDisabled("pat", true);
                assertEquals(401, me(first, cookie).statusCode(), "disabled on one, refused by the other at once");
            } finally {
                first.stop();
                second.stop();
            }
        }
    }

    private static HttpResponse<String> me(Javalin server, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/me")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
