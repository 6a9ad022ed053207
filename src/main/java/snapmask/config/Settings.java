package snapmask.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Typed access to snapmask's keys: the file ops edit ({@link #file()}), over the defaults, which
 * are that same file as shipped inside the jar ({@link #DEFAULTS}), under system-property and
 * environment overrides. A default is declared once, in config/application.properties; a key
 * that has none there is required. Each area reads all of its keys through one of these, once, into
 * its typed settings (LoadSettings, RdsSettings, ...): the keys read are the keys there are
 * ({@link #rejectUnknownKeys}). Reading never throws: a wrong value is recorded, with the key,
 * and reading goes on, so that {@link #failIfProblems()} reports every problem at once.
 */
public final class Settings {

    /** config/application.properties as shipped, on the classpath: the defaults of every key. */
    public static final String DEFAULTS = "snapmask/application.properties";
    public static final String DEFAULT_FILE = "config/application.properties";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** Production's database is named by its owners, hyphens included; what the URL and back-quotes carry as it is. */
    private static final Pattern SOURCE_DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    /** A key of one watch target ({@code snapmask.watch.<name>.user}) defaults to {@code snapmask.watch.*.user}. */
    private static final Pattern TARGET_KEY = Pattern.compile("(snapmask\\.watch\\.)[a-z0-9_-]+(\\.[a-z-]+)");

    private final PropertiesComponent properties;
    private final Map<String, ConfigurationException> problems = new LinkedHashMap<>();
    /** Every key an area has read: the settings there are. */
    private final Set<String> declared = new TreeSet<>();

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    /** The file of settings snapmask reads: -Dsnapmask.config, else SNAPMASK_CONFIG, else config/application.properties. */
    public static String file() {
        String fromProperty = System.getProperty("snapmask.config");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv("SNAPMASK_CONFIG");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_FILE;
    }

    /** A key's value, or empty when it is not set or set to nothing. */
    public Optional<String> optional(String key) {
        declared.add(key);
        Optional<String> value = properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty() && TARGET_KEY.matcher(key).matches()) {
            return properties.resolveProperty(TARGET_KEY.matcher(key).replaceFirst("$1*$2")).map(String::trim).filter(v -> !v.isEmpty());
        }
        return value;
    }

    /** A key's value; a key without a default that is not set is a problem. */
    public String required(String key) {
        return requiredWhen(true, key);
    }

    /** A key needed only in some setups (snapmask.rds.region for the rds source): read always, missing only a problem when {@code needed}. */
    public String requiredWhen(boolean needed, String key) {
        Optional<String> value = optional(key);
        return value.isPresent() || !needed ? value.orElse("") : problem(new ConfigurationException(key, "is missing or empty"), "");
    }

    /**
     * Every {@code snapmask.*} key set in the file, as a system property or in the environment must
     * be one the areas have read; a misspelled key would otherwise be silently ignored. Asked once
     * every area has read its settings.
     */
    public void rejectUnknownKeys(Map<String, String> environment) {
        KnownKeys known = new KnownKeys(declared);
        Set<String> set = new TreeSet<>();
        properties.loadProperties(k -> k.startsWith("snapmask.")).stringPropertyNames().forEach(set::add);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("snapmask.")).forEach(set::add);
        for (String key : set) {
            known.problem(key).ifPresent(p -> problem(new ConfigurationException(key, p), null));
        }
        environment.keySet().stream().filter(v -> v.startsWith("SNAPMASK_")).sorted()
                .forEach(v -> known.environmentProblem(v).ifPresent(p -> problem(new ConfigurationException(v, p), null)));
    }

    /** The keys read so far. */
    public Set<String> declared() {
        return java.util.Collections.unmodifiableSet(declared);
    }

    /** Records a problem (the first per key counts) and returns the value to go on with. */
    public <T> T problem(ConfigurationException problem, T goOnWith) {
        problems.putIfAbsent(problem.key(), problem);
        return goOnWith;
    }

    /** Every problem at once. */
    public void failIfProblems() {
        if (!problems.isEmpty()) {
            throw ConfigurationException.of(new ArrayList<>(problems.values()));
        }
    }

    public String string(String key) {
        return required(key);
    }

    public int integer(String key, int min, int max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return problem(new ConfigurationException(key, "is missing or empty"), min);
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                return problem(new ConfigurationException(key, "is " + n + ", must be between " + min + " and " + max), min);
            }
            return n;
        } catch (NumberFormatException e) {
            return problem(new ConfigurationException(key, "is '" + value.get() + "', not a whole number"), min);
        }
    }

    public boolean bool(String key) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return problem(new ConfigurationException(key, "is missing or empty"), false);
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> problem(new ConfigurationException(key, "is '" + value.get() + "', must be true or false"), false);
        };
    }

    /**
     * A length of time such as 500ms, 90s, 10m, 26h or 1h30m (a bare number is milliseconds, as in
     * Camel's own duration options); {@code 0} where the key allows "off".
     */
    public Duration duration(String key) {
        String value = required(key);
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long millis = TimeUtils.toMilliSeconds(value);
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            // goes on with a harmless length so the other keys are still checked; the start fails anyway
            return problem(new ConfigurationException(key, "is '" + value + "', not a duration such as 90s, 10m, 26h or 1h30m"),
                    Duration.ofSeconds(1));
        }
    }

    /** A database or schema name: used inside back-quotes in generated SQL, so kept to a safe set. */
    public String identifier(String key) {
        String value = required(key);
        if (!value.isEmpty() && !IDENTIFIER.matcher(value).matches()) {
            return problem(new ConfigurationException(key, "is '" + value + "', must be 1-64 letters, digits or _"), value);
        }
        return value;
    }

    /**
     * Production's database name: as {@link #identifier} and also {@code $} and {@code -}, which
     * production's owners chose (snapmask's own databases take the safe set).
     */
    public String sourceDatabase(String key) {
        String value = required(key);
        if (!value.isEmpty() && !SOURCE_DATABASE.matcher(value).matches()) {
            return problem(new ConfigurationException(key, "is '" + value + "', must be 1-64 letters, digits, _, $ or -"), value);
        }
        return value;
    }

    /**
     * A secret: the key itself (usually set through the environment, e.g. snapmask.analytics.password
     * as SNAPMASK_ANALYTICS_PASSWORD) or a file named by {@code <key>-file}. Empty when neither is set.
     * The value is never part of an error message.
     */
    public String secret(String key) {
        declared.add(key);
        Optional<String> direct = properties.resolveProperty(key).filter(v -> !v.isEmpty());
        if (direct.isPresent()) {
            return direct.get();
        }
        Optional<String> file = optional(key + "-file");
        if (file.isEmpty()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file.get())).strip();
        } catch (IOException e) {
            return problem(new ConfigurationException(key + "-file", "names " + file.get() + ", which cannot be read: "
                    + e.getMessage()), "");
        }
    }
}
