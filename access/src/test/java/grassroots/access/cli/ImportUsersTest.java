package grassroots.access.cli;

import grassroots.access.AccessState;
import grassroots.access.StateDatabase;
import grassroots.access.User;
import grassroots.warehouse.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code users import}: a list of accounts is added whole, or not at all when a line is wrong. */
class ImportUsersTest {
    @TempDir
    Path warehouse;

    private int importList(String list) throws Exception {
        Path file = warehouse.resolve("users.txt");
        Files.writeString(file, list);
        return Cli.run(new UsersCommand(), "import", file.toString(), "--warehouse", warehouse.toString());
    }

    private List<User> users() {
        try (AccessState s = new AccessState(StateDatabase.open(warehouse, null))) {
            return s.users.all();
        }
    }

    @Test
    void everyListedUserIsAddedWithRoleScopeAndPassword() throws Exception {
        assertEquals(0, importList("""
                # name  role  scope  password
                zhang.wei   reporter  320102  a-long-password-1

                li.na       manager   32      another-password-2
                """));
        List<User> all = users();
        assertEquals(List.of("li.na", "zhang.wei"), all.stream().map(User::name).toList());
        assertEquals("320102", all.get(1).scope());
        assertEquals("manager", all.get(0).role().id());
        try (AccessState s = new AccessState(StateDatabase.open(warehouse, null))) {
            assertTrue(s.users.verify("zhang.wei", "a-long-password-1").isPresent());
            assertEquals(2, s.audit.list(new grassroots.access.Audit.Filter(null, "user.add", null, null, 10)).size());
        }
    }

    @Test
    void withLinkTheNamedUserGetsAOneTimeSignInTokenAsItsLastLine() throws Exception {
        Path file = warehouse.resolve("users.txt");
        Files.writeString(file, "demo-admin  admin  CN  a-long-password-9\n");
        java.io.PrintStream before = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(0, Cli.run(new UsersCommand(), "import", file.toString(), "--warehouse", warehouse.toString(),
                    "--link", "demo-admin"));
        } finally {
            System.setOut(before);
        }
        List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        String token = lines.get(lines.size() - 1);
        try (AccessState s = new AccessState(StateDatabase.open(warehouse, null))) {
            assertEquals("demo-admin", s.tokens.redeemLink(token).orElseThrow().name());
            assertTrue(s.tokens.redeemLink(token).isEmpty(), "a sign-in link works once");
            assertEquals(1, s.audit.list(new grassroots.access.Audit.Filter(null, "token.link", null, null, 10)).size());
        }
    }

    @Test
    void oneWrongLineAddsNobody() throws Exception {
        assertEquals(0, importList("wang.fang  planner  CN  a-long-password-3\n"));
        assertEquals(2, importList("""
                zhao.lei   reporter  320102  a-long-password-4
                wang.fang  planner   CN      a-long-password-5
                sun.li     chief     CN      a-long-password-6
                zhou.min   reporter  999999  a-long-password-7
                qian.jun   reporter  32      short
                zhao.lei   reporter  32      a-long-password-8
                """));
        assertEquals(List.of("wang.fang"), users().stream().map(User::name).toList());
    }
}
