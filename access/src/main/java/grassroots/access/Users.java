package grassroots.access;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The user table: names, roles, scopes, password hashes. */
public final class Users {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]{2,64}");
    private static final String COLUMNS = "id, name, role, scope, disabled";

    private final Jdbc jdbc;

    public Users(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Throws unless {@code name} is a well-formed user name. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("用户名应为2–64个字母、数字、点、下划线或连字符 / a user name is 2–64 letters, digits, '.', '_' or '-': " + name);
        }
    }

    public User add(String name, Role role, Scope scope, String password) {
        checkName(name);
        if (find(name).isPresent()) throw new IllegalArgumentException("用户已存在 / the user already exists: " + name);
        String hash = Passwords.hash(password);
        var now = Jdbc.now();
        jdbc.update("INSERT INTO users (name, role, scope, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, FALSE, ?, ?)",
                name, role.id(), scope.code(), hash, now, now);
        return find(name).orElseThrow();
    }

    public Optional<User> find(String name) {
        return jdbc.one("SELECT " + COLUMNS + " FROM users WHERE name = ?", Users::user, name);
    }

    public Optional<User> find(long id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM users WHERE id = ?", Users::user, id);
    }

    public List<User> all() {
        return jdbc.list("SELECT " + COLUMNS + " FROM users ORDER BY name", Users::user);
    }

    /** The user if the password is theirs and they are not disabled; the same work is done for unknown names. */
    public Optional<User> verify(String name, String password) {
        Optional<String> hash = jdbc.one("SELECT password_hash FROM users WHERE name = ?", rs -> rs.getString(1), name);
        boolean ok = Passwords.matches(password, hash.orElse(Passwords.DUMMY));
        if (!ok || hash.isEmpty()) return Optional.empty();
        return find(name).filter(u -> !u.disabled());
    }

    public void setPassword(String name, String password) {
        String hash = Passwords.hash(password);
        require(jdbc.update("UPDATE users SET password_hash = ?, updated_at = ? WHERE name = ?", hash, Jdbc.now(), name), name);
        // a new password ends every session that the old one opened
        jdbc.update("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", name);
    }

    public void setDisabled(String name, boolean disabled) {
        require(jdbc.update("UPDATE users SET disabled = ?, updated_at = ? WHERE name = ?", disabled, Jdbc.now(), name), name);
        if (disabled) jdbc.update("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)", name);
    }

    public void setRole(String name, Role role, Scope scope) {
        require(jdbc.update("UPDATE users SET role = ?, scope = ?, updated_at = ? WHERE name = ?", role.id(), scope.code(), Jdbc.now(), name), name);
    }

    private static void require(int updated, String name) {
        if (updated == 0) throw new IllegalArgumentException("没有这个用户 / no such user: " + name);
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("name"), Role.ofId(rs.getString("role")), rs.getString("scope"),
                rs.getBoolean("disabled"));
    }
}
