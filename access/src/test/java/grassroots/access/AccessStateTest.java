package grassroots.access;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.*;

/** Users, sessions, tokens, throttling and the audit log, on both databases the product supports. */
class AccessStateTest {
    @TempDir
    Path dir;

    private AccessState open(String url) {
        return new AccessState(StateDatabase.open(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void passwordsAreHashedCheckedAndLongEnough(String kind) {
        try (AccessState s = open(StateDatabases.url(kind, dir))) {
            User u = s.users.add("alice", Role.RESEARCHER, Scope.of("3201"), "correct horse battery");
            assertEquals(Role.RESEARCHER, u.role());
            assertEquals("3201", u.scope());
            assertTrue(s.users.verify("alice", "correct horse battery").isPresent());
            assertTrue(s.users.verify("alice", "wrong horse battery").isEmpty());
            assertTrue(s.users.verify("nobody", "correct horse battery").isEmpty());
            assertThrows(IllegalArgumentException.class, () -> s.users.add("bob", Role.PLANNER, Scope.NATION, "short"));
            assertThrows(IllegalArgumentException.class, () -> s.users.add("alice", Role.PLANNER, Scope.NATION, "long enough password"));
            assertThrows(IllegalArgumentException.class, () -> s.users.add("x y;--", Role.PLANNER, Scope.NATION, "long enough password"));
            String stored = new Jdbc(s.database().dataSource()).one("SELECT password_hash FROM users WHERE name = 'alice'",
                    rs -> rs.getString(1)).orElseThrow();
            assertTrue(stored.startsWith("$argon2id$"), stored);
            assertFalse(stored.contains("correct horse"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sessionsSurviveARestartAndEndOnLogoutDisableOrNewPassword(String kind) {
        String url = StateDatabases.url(kind, dir);
        Sessions.Opened opened;
        try (AccessState s = open(url)) {
            User u = s.users.add("carol", Role.PLANNER, Scope.NATION, "a long password 1");
            opened = s.sessions.open(u, "127.0.0.1");
            assertEquals("carol", s.sessions.find(opened.id()).orElseThrow().user().name());
            assertTrue(s.sessions.find(opened.id() + "x").isEmpty());
        }
        try (AccessState s = open(url)) { // a restart: the same database, a new pool
            assertEquals(opened.csrfToken(), s.sessions.find(opened.id()).orElseThrow().csrfToken());
            s.sessions.close(opened.id());
            assertTrue(s.sessions.find(opened.id()).isEmpty());

            User u = s.users.find("carol").orElseThrow();
            Sessions.Opened second = s.sessions.open(u, "127.0.0.1");
            s.users.setPassword("carol", "another long password");
            assertTrue(s.sessions.find(second.id()).isEmpty(), "a new password ends the old sessions");

            Sessions.Opened third = s.sessions.open(u, "127.0.0.1");
            s.users.setDisabled("carol", true);
            assertTrue(s.sessions.find(third.id()).isEmpty(), "disabling ends the sessions");
            assertTrue(s.users.verify("carol", "another long password").isEmpty(), "a disabled user cannot sign in");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void idleAndAbsoluteTimeoutsEndSessions(String kind) {
        String url = StateDatabases.url(kind, dir);
        try (StateDatabase db = StateDatabase.open(url)) {
            User u = new Users(db.dataSource()).add("dave", Role.LEADER, Scope.of("32"), "a long password 2");
            Sessions idleNone = new Sessions(db.dataSource(), Duration.ofNanos(-1), Duration.ofHours(1));
            assertTrue(idleNone.find(idleNone.open(u, null).id()).isEmpty(), "idle time over");
            Sessions absoluteNone = new Sessions(db.dataSource(), Duration.ofHours(1), Duration.ofNanos(-1));
            assertTrue(absoluteNone.find(absoluteNone.open(u, null).id()).isEmpty(), "absolute time over");
            Sessions normal = new Sessions(db.dataSource(), Duration.ofHours(1), Duration.ofHours(1));
            assertTrue(normal.find(normal.open(u, null).id()).isPresent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void tokensAreShownOnceListedRevocableAndLinksWorkOnce(String kind) {
        try (AccessState s = open(StateDatabases.url(kind, dir))) {
            User u = s.users.add("erin", Role.RESEARCHER, Scope.NATION, "a long password 3");
            String token = s.tokens.issue(u, "notebook");
            assertTrue(token.startsWith(Tokens.API_PREFIX));
            assertEquals("erin", s.tokens.authenticate(token).orElseThrow().name());
            var listed = s.tokens.list(u);
            assertEquals(1, listed.size());
            assertEquals("notebook", listed.get(0).label());
            assertTrue(token.startsWith(listed.get(0).prefix()));
            assertTrue(s.tokens.revoke(u, listed.get(0).id()));
            assertTrue(s.tokens.authenticate(token).isEmpty(), "a revoked token no longer works");
            assertFalse(s.tokens.revoke(u, listed.get(0).id()));

            String link = s.tokens.issueLink(u);
            assertTrue(s.tokens.authenticate(link).isEmpty(), "a sign-in link is not an API token");
            assertEquals("erin", s.tokens.redeemLink(link).orElseThrow().name());
            assertTrue(s.tokens.redeemLink(link).isEmpty(), "a sign-in link works once");
        }
    }

    /** Many requests at once with one token (a load test, a busy notebook): none waits for a second connection. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void manyRequestsAtOnceAuthenticateWithoutExhaustingThePool(String kind) throws Exception {
        try (AccessState s = open(StateDatabases.url(kind, dir))) {
            String token = s.tokens.issue(s.users.add("busy", Role.PLANNER, Scope.NATION, "a long password 4"), "load");
            var pool = java.util.concurrent.Executors.newFixedThreadPool(48);
            try {
                var all = new java.util.ArrayList<java.util.concurrent.Future<java.util.Optional<User>>>();
                for (int i = 0; i < 200; i++) all.add(pool.submit(() -> s.tokens.authenticate(token)));
                for (var f : all) assertEquals("busy", f.get(20, java.util.concurrent.TimeUnit.SECONDS).orElseThrow().name());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void repeatedFailuresAreSlowedThenLocked(String kind) {
        try (AccessState s = open(StateDatabases.url(kind, dir))) {
            assertTrue(s.throttle.mustWait("frank", "10.0.0.1").isEmpty());
            for (int i = 1; i <= SignInThrottle.FREE; i++) assertFalse(s.throttle.failed("frank", "10.0.0.1"));
            assertTrue(s.throttle.mustWait("frank", "10.0.0.1").isEmpty(), "the first failures cost nothing");
            s.throttle.failed("frank", "10.0.0.1");
            var wait = s.throttle.mustWait("frank", "10.0.0.1").orElseThrow();
            assertFalse(wait.locked());
            assertTrue(wait.seconds() >= 1);
            boolean locked = false;
            for (int i = SignInThrottle.FREE + 2; i <= SignInThrottle.LOCK_AFTER; i++) locked = s.throttle.failed("frank", "10.0.0.1");
            assertTrue(locked);
            var lock = s.throttle.mustWait("frank", "10.0.0.2").orElseThrow();
            assertTrue(lock.locked(), "locked by user name, from any address");
            assertTrue(lock.seconds() > 60);
            assertTrue(s.throttle.mustWait("grace", "10.0.0.2").isEmpty(), "other users are not affected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theAuditLogFiltersByUserActionAndTime(String kind) {
        try (AccessState s = open(StateDatabases.url(kind, dir))) {
            s.audit.record("alice", "sql", "ok", "127.0.0.1", "/api/sql", "SELECT 1", 1L, 5L);
            s.audit.record("bob", "sign_in", "refused", "10.0.0.9", null, "wrong password", null, null);
            s.audit.record("alice", "download", "ok", "127.0.0.1", "/api/values", "format=csv", 31L, 12L);
            assertEquals(2, s.audit.list(new Audit.Filter("alice", null, null, null, 100)).size());
            var sql = s.audit.list(new Audit.Filter(null, "sql", null, null, 100));
            assertEquals(1, sql.size());
            assertEquals("SELECT 1", sql.get(0).detail());
            assertEquals(1L, sql.get(0).rows());
            assertEquals(3, s.audit.list(new Audit.Filter(null, null, OffsetDateTime.now().minusMinutes(5), null, 100)).size());
            assertEquals(0, s.audit.list(new Audit.Filter(null, null, null, OffsetDateTime.now().minusMinutes(5), 100)).size());
        }
    }
}
