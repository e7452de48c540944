package grassroots.access.cli;

import grassroots.access.AccessState;
import grassroots.access.Passwords;
import grassroots.access.Role;
import grassroots.access.Scope;
import grassroots.access.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code users import FILE}: many accounts at once, as a bureau opens the system to its county and township staff.
 * One line per user, {@code NAME ROLE SCOPE PASSWORD} separated by blanks; '#' starts a comment. Every line is checked
 * first and every problem reported with its line: either all users are added or none (a half-done list is harder to
 * finish than to redo). {@code -} reads standard input, so that passwords need not be written to a file.
 */
@Command(name = "import", description = {"批量新建用户：每行「用户名 角色 范围 密码」；全部无误才添加",
        "adds many users: one 'NAME ROLE SCOPE PASSWORD' per line; all are added or, if a line is wrong, none"})
final class ImportUsers extends UsersCommand.OnState {
    @Parameters(index = "0", paramLabel = "FILE", description = "the list, or - for standard input") String file;
    @Option(names = "--link", paramLabel = "NAME", description = {"然后为其中一名用户打印一次性登录令牌(同 users link)",
            "then prints a one-time sign-in token for one of them, as users link does (one program start for both)"})
    String link;

    record Line(int number, String name, Role role, Scope scope, String password) {}

    @Override
    Integer run(AccessState state) throws IOException {
        List<String> text;
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<Line> users = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < text.size(); k++) {
            String content = text.get(k).strip();
            if (content.isEmpty() || content.startsWith("#")) continue;
            String[] f = content.split("\\s+");
            int number = k + 1;
            try {
                if (f.length != 4) {
                    throw new IllegalArgumentException("应有4列(用户名 角色 范围 密码)，实有" + f.length + " / expected 4 fields (NAME ROLE SCOPE PASSWORD), found " + f.length);
                }
                Users.checkName(f[0]);
                if (!seen.add(f[0])) throw new IllegalArgumentException("名单中重复 / listed twice: " + f[0]);
                if (state.users.find(f[0]).isPresent()) throw new IllegalArgumentException("用户已存在 / the user already exists: " + f[0]);
                Passwords.check(f[3]);
                users.add(new Line(number, f[0], Role.ofId(f[1]), UsersCommand.scope(f[2]), f[3]));
            } catch (IllegalArgumentException e) {
                problems.add(file + " 第" + number + "行 / line " + number + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            throw new IllegalArgumentException("未添加任何用户 / no user was added (" + problems.size() + " line(s) to correct)");
        }
        for (Line u : users) {
            state.users.add(u.name(), u.role(), u.scope(), u.password());
            audit(state, "user.add", u.name(), "role=" + u.role().id() + " scope=" + u.scope().code() + " (import)");
        }
        System.out.println("已添加 / added: " + users.size() + " user(s)");
        if (link != null) UsersCommand.Link.print(state, link);
        return 0;
    }
}
