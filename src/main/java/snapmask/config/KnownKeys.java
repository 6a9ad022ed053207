package snapmask.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code snapmask.*} keys there are: those the areas read ({@link Settings#declared()}), a
 * secret's {@code <key>-file} included. A watch target's keys are {@code snapmask.watch.<name>.<part>}
 * for any name, as the watch reads only those of the targets it is given.
 */
final class KnownKeys {

    /** What a watch target has (see WatchSettings): a URL, and for a database its account and TLS. */
    private static final Pattern TARGET_KEY = Pattern.compile("snapmask\\.watch\\.[a-z0-9_*-]+\\.(url|user|password|password-file|ssl-mode|ssl-ca)");
    /** Environment variables snapmask reads that are not settings. */
    private static final Set<String> OTHER_VARIABLES = Set.of("SNAPMASK_CONFIG", "SNAPMASK_LOG_FORMAT", "SNAPMASK_JMX_USER",
            "SNAPMASK_JMX_PASSWORD");
    /** JVM flags read before the settings (which file, the log), and the demo's size. */
    private static final Set<String> JVM_FLAGS = Set.of("snapmask.config", "snapmask.log.format", "snapmask.log.dir",
            "snapmask.demo.users");

    private final Set<String> keys;

    KnownKeys(Set<String> keys) {
        this.keys = new TreeSet<>(keys);
    }

    /** Why {@code key} is not a setting, with the nearest one; empty when it is one. */
    Optional<String> problem(String key) {
        if (known(key)) {
            return Optional.empty();
        }
        return Optional.of("is not a snapmask setting" + nearest(key, keys.stream().filter(k -> !k.contains("*")).toList())
                .map(k -> "; did you mean " + k + "?").orElse("") + " (every setting is listed in " + Settings.DEFAULT_FILE + ")");
    }

    /** As {@link #problem}, for an environment variable such as SNAPMASK_MAIL_TO. */
    Optional<String> environmentProblem(String variable) {
        if (OTHER_VARIABLES.contains(variable)) {
            return Optional.empty();
        }
        List<String> names = keys.stream().filter(k -> !k.contains("*")).map(KnownKeys::variable).toList();
        if (names.contains(variable) || variable.startsWith("SNAPMASK_WATCH_")) {
            return Optional.empty();
        }
        return Optional.of("(environment variable) is not a snapmask setting" + nearest(variable, names)
                .map(v -> "; did you mean " + v + "?").orElse(""));
    }

    private boolean known(String key) {
        return keys.contains(key) || JVM_FLAGS.contains(key) || TARGET_KEY.matcher(key).matches();
    }

    static String variable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The closest name, when it is close enough to be a typo of {@code wrong}. */
    static Optional<String> nearest(String wrong, List<String> names) {
        return names.stream().min(Comparator.comparingInt(n -> distance(wrong, n)))
                .filter(n -> distance(wrong, n) <= Math.max(2, n.length() / 5));
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
