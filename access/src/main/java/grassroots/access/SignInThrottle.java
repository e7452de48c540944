package grassroots.access;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Repeated failed sign-ins, counted by user name and by client address in the shared state database (so that a
 * guesser gains nothing by spreading attempts over servers): after {@link #FREE} failures each further attempt must
 * wait longer (doubling), and after {@link #LOCK_AFTER} the subject is locked for {@link #LOCK_FOR}.
 */
public final class SignInThrottle {
    public static final int FREE = 2;
    public static final int LOCK_AFTER = 5;
    /** A shared office address (NAT) makes many users' mistakes look alike: more room per address. */
    public static final int LOCK_AFTER_CLIENT = 20;
    public static final Duration LOCK_FOR = Duration.ofMinutes(15);

    /** Why an attempt is not even checked, and for how long. */
    public record Wait(long seconds, boolean locked) {}

    private final Jdbc jdbc;

    public SignInThrottle(DataSource db) {
        this.jdbc = new Jdbc(db);
    }

    /** Whether an attempt for this name from this address must wait (checked before the password is). */
    public Optional<Wait> mustWait(String name, String client) {
        Wait longest = null;
        for (String subject : List.of(user(name), client(client))) {
            Optional<Wait> w = jdbc.one("SELECT failures, last_at, locked_until FROM sign_in_failures WHERE subject = ?", rs -> {
                var now = Jdbc.now();
                OffsetDateTime locked = Jdbc.time(rs, "locked_until");
                if (locked != null && locked.isAfter(now)) return new Wait(Duration.between(now, locked).toSeconds() + 1, true);
                int failures = rs.getInt("failures");
                if (failures <= FREE || locked != null) return null;
                OffsetDateTime allowed = Jdbc.time(rs, "last_at").plusSeconds(1L << Math.min(failures - FREE, 6));
                return allowed.isAfter(now) ? new Wait(Duration.between(now, allowed).toSeconds() + 1, false) : null;
            }, subject);
            if (w.isPresent() && (longest == null || w.get().seconds() > longest.seconds())) longest = w.get();
        }
        return Optional.ofNullable(longest);
    }

    /** Counts a failure; returns true when it locked the user or the address. */
    public boolean failed(String name, String client) {
        boolean byUser = count(user(name), LOCK_AFTER);
        boolean byClient = count(client(client), LOCK_AFTER_CLIENT);
        return byUser || byClient;
    }

    /** A successful sign-in clears the user's count (the address keeps its own). */
    public void succeeded(String name) {
        jdbc.update("DELETE FROM sign_in_failures WHERE subject = ?", user(name));
    }

    private boolean count(String subject, int lockAfter) {
        var now = Jdbc.now();
        // a lock that has run out starts a fresh count
        jdbc.update("DELETE FROM sign_in_failures WHERE subject = ? AND locked_until IS NOT NULL AND locked_until <= ?", subject, now);
        if (jdbc.update("UPDATE sign_in_failures SET failures = failures + 1, last_at = ? WHERE subject = ?", now, subject) == 0) {
            try {
                jdbc.update("INSERT INTO sign_in_failures (subject, failures, last_at) VALUES (?, 1, ?)", subject, now);
            } catch (IllegalStateException raced) {
                jdbc.update("UPDATE sign_in_failures SET failures = failures + 1, last_at = ? WHERE subject = ?", now, subject);
            }
        }
        return jdbc.update("UPDATE sign_in_failures SET locked_until = ? WHERE subject = ? AND failures >= ? AND locked_until IS NULL",
                now.plus(LOCK_FOR), subject, lockAfter) == 1;
    }

    private static String user(String name) {
        return "user:" + (name == null ? "" : name.length() > 64 ? name.substring(0, 64) : name);
    }

    private static String client(String address) {
        return "client:" + (address == null ? "" : address);
    }
}
