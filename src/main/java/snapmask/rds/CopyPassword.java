package snapmask.rds;

import java.security.SecureRandom;

/**
 * The new random master password of a run's temporary copy: made by the await-ready step, set on
 * the copy, used to reach it, then dropped. It travels with the run's exchange (variable
 * copyPassword), never in a field of a bean that every run shares; it never prints.
 */
public final class CopyPassword {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private CopyPassword(String value) {
        this.value = value;
    }

    public static CopyPassword random() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new CopyPassword(password.toString());
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "(the copy's new master password, not shown)";
    }
}
