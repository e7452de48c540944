package grassroots.access.cli;

import grassroots.access.AccessState;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.StateDatabase;
import grassroots.access.User;
import grassroots.warehouse.cli.Cli;
import grassroots.warehouse.regions.Level;
import grassroots.warehouse.regions.RegionHierarchy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ./grassroots users …}: accounts from the shell. Passwords come from the first line of standard input (never
 * the command line, which other users of the machine can read). Works while a server runs on the same state database,
 * and takes effect there at once (the server reads users and sessions from it on every request).
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"管理用户：add、import、list、disable、enable、passwd、role、token、link。", "Manages users: add, import, list, disable, enable, passwd, role, token, link."},
        subcommands = {UsersCommand.Add.class, ImportUsers.class, UsersCommand.ListUsers.class, UsersCommand.Disable.class, UsersCommand.Enable.class,
                UsersCommand.Passwd.class, UsersCommand.SetRole.class, UsersCommand.Token.class, UsersCommand.Link.class})
public final class UsersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("grassroots: users add|import|list|disable|enable|passwd|role|token|link (--help)");
        return 2;
    }

    /** The options every subcommand shares: where the state is. */
    abstract static class OnState implements Callable<Integer> {
        @Option(names = "--warehouse", required = true, description = "warehouse directory (its state/ holds the embedded database)")
        Path warehouse;

        @Option(names = "--db", description = "a shared database, jdbc:postgresql://… (default: $GRASSROOTS_DB, else the embedded one)")
        String db;

        @Override
        public Integer call() throws Exception {
            Cli.requireDirectory(warehouse, "仓库", "warehouse");
            try (AccessState state = new AccessState(StateDatabase.open(warehouse, db))) {
                return run(state);
            }
        }

        abstract Integer run(AccessState state) throws Exception;

        /** Who acts, for the audit log: the operating-system account at the shell. */
        static String actor() {
            return "cli:" + System.getProperty("user.name", "?");
        }

        static void audit(AccessState state, String action, String target, String detail) {
            state.audit.record(actor(), action, "ok", "shell", target, detail, null, null);
        }
    }

    static String passwordFromStdin() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            throw new IllegalArgumentException("请在标准输入的第一行提供密码 / give the password on the first line of standard input");
        }
        return line;
    }

    /** CN or a region of the 2023 hierarchy at province to township level. */
    static Scope scope(String code) {
        Scope s = Scope.of(code);
        if (!s.national() && !RegionHierarchy.knows(s.code())) {
            throw new IllegalArgumentException("未知的区划代码 / unknown region code: " + code);
        }
        if (s.level() == Level.UNIT) throw new IllegalArgumentException("范围应为全国或省、地、县、乡 / a scope is CN or a province, prefecture, county or township");
        return s;
    }

    @Command(name = "add", description = {"新建用户(密码从标准输入第一行读取)", "adds a user (password on the first line of standard input)"})
    static final class Add extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--role", required = true, description = "admin, manager, researcher, planner, leader, reporter") String role;
        @Option(names = "--scope", required = true, description = "CN or a province, prefecture, county or township code") String scope;

        Integer run(AccessState state) throws IOException {
            Role r = Role.ofId(role);
            Scope s = scope(scope);
            User u = state.users.add(name, r, s, passwordFromStdin());
            audit(state, "user.add", u.name(), "role=" + r.id() + " scope=" + s.code());
            System.out.println("已添加 / added: " + u.name() + " (" + r.id() + ", " + s.code() + ")");
            return 0;
        }
    }

    @Command(name = "list", description = {"列出用户", "lists users"})
    static final class ListUsers extends OnState {
        Integer run(AccessState state) {
            System.out.println("name\trole\tscope\tdisabled");
            for (User u : state.users.all()) System.out.println(u.name() + "\t" + u.role().id() + "\t" + u.scope() + "\t" + u.disabled());
            return 0;
        }
    }

    /** Disabling and enabling: the same switch, either way. */
    abstract static class Switch extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        abstract boolean disabled();

        Integer run(AccessState state) {
            state.users.setDisabled(name, disabled());
            audit(state, disabled() ? "user.disable" : "user.enable", name, null);
            System.out.println((disabled() ? "已停用 / disabled: " : "已启用 / enabled: ") + name);
            return 0;
        }
    }

    @Command(name = "disable", description = {"停用用户(立即结束其会话)", "disables a user (their sessions end at once)"})
    static final class Disable extends Switch {
        boolean disabled() { return true; }
    }

    @Command(name = "enable", description = {"重新启用用户", "enables a disabled user again"})
    static final class Enable extends Switch {
        boolean disabled() { return false; }
    }

    @Command(name = "passwd", description = {"设置新密码(从标准输入读取；结束其全部会话)", "sets a new password (from standard input; ends their sessions)"})
    static final class Passwd extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Integer run(AccessState state) throws IOException {
            state.users.setPassword(name, passwordFromStdin());
            audit(state, "user.passwd", name, null);
            System.out.println("密码已更新 / password changed: " + name);
            return 0;
        }
    }

    @Command(name = "role", description = {"更改角色和范围", "changes a user's role and scope"})
    static final class SetRole extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--role", required = true) String role;
        @Option(names = "--scope", required = true) String scope;

        Integer run(AccessState state) {
            Role r = Role.ofId(role);
            Scope s = scope(scope);
            state.users.setRole(name, r, s);
            audit(state, "user.role", name, "role=" + r.id() + " scope=" + s.code());
            System.out.println("已更新 / updated: " + name + " (" + r.id() + ", " + s.code() + ")");
            return 0;
        }
    }

    @Command(name = "token", description = {"为用户签发新的个人API令牌(只显示这一次)", "prints a new personal API token for the user (shown once)"})
    static final class Token extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--label", defaultValue = "cli", description = "what the token is for") String label;

        Integer run(AccessState state) {
            User u = state.users.find(name).orElseThrow(() -> new IllegalArgumentException("没有这个用户 / no such user: " + name));
            String token = state.tokens.issue(u, label);
            audit(state, "token.create", name, "label=" + label);
            System.out.println(token);
            return 0;
        }
    }

    @Command(name = "link", description = {"打印一次性登录令牌(24小时内有效，用于 /signin?token=…)",
            "prints a one-time sign-in token (valid 24 h, for /signin?token=…)"})
    static final class Link extends OnState {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        Integer run(AccessState state) {
            print(state, name);
            return 0;
        }

        /** Issues {@code name}'s one-time sign-in token, audited, and prints it on a line of its own. */
        static void print(AccessState state, String name) {
            User u = state.users.find(name).orElseThrow(() -> new IllegalArgumentException("没有这个用户 / no such user: " + name));
            String token = state.tokens.issueLink(u);
            OnState.audit(state, "token.link", name, null);
            System.out.println(token);
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new UsersCommand(), args));
    }
}
