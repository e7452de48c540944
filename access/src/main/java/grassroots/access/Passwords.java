package grassroots.access;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id hashes (OWASP's first choice) from a well-kept library; a minimum length. */
public final class Passwords {
    /** NIST SP 800-63B asks for at least 8; a bureau's server holds unit-level data, so 10. */
    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;
    private static final Argon2PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

    private Passwords() {}

    public static String hash(String password) {
        check(password);
        return ENCODER.encode(password);
    }

    public static boolean matches(String password, String hash) {
        if (password == null || hash == null || password.length() > MAX_LENGTH) return false;
        return ENCODER.matches(password, hash);
    }

    /** A hash to compare against when the user does not exist, so that timing does not tell which names exist. */
    static final String DUMMY = ENCODER.encode("no such user, but the same work");

    public static void check(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new IllegalArgumentException("密码至少" + MIN_LENGTH + "个字符 / a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("密码过长 / the password is too long (at most " + MAX_LENGTH + " characters)");
        }
    }
}
