package grassroots.access;

/** A user as the server sees them: no password, no secrets. */
public record User(long id, String name, Role role, String scope, boolean disabled) {
    public boolean may(Authority a) {
        return !disabled && role.may(a);
    }
}
