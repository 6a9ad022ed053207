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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Typed access to snapmask's keys in config/application.properties (and their system-property
 * and environment overrides). Every error names the key. A wrong value is recorded and the
 * default used for now, so that {@link #failIfProblems()} can report every problem at once.
 */
public final class Settings {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final PropertiesComponent properties;
    private final Map<String, ConfigurationException> problems = new LinkedHashMap<>();

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String required(String key) {
        return optional(key).orElseGet(() -> problem(new ConfigurationException(key, "is missing or empty"), ""));
    }

    /** Records a problem (the first per key counts) and returns the value to go on with. */
    public <T> T problem(ConfigurationException problem, T goOnWith) {
        problems.putIfAbsent(problem.key(), problem);
        return goOnWith;
    }

    /**
     * Builds one part of the application. A wrong setting inside is recorded; other failures are
     * only the consequence of a problem already recorded, or else real errors and thrown.
     */
    public <T> T attempt(Supplier<T> part) {
        try {
            return part.get();
        } catch (ConfigurationException e) {
            return problem(e, null);
        } catch (RuntimeException e) {
            if (problems.isEmpty()) {
                throw e;
            }
            return null;
        }
    }

    public void failIfProblems() {
        if (!problems.isEmpty()) {
            throw ConfigurationException.of(new ArrayList<>(problems.values()));
        }
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                return problem(new ConfigurationException(key, "is " + n + ", must be between " + min + " and " + max), fallback);
            }
            return n;
        } catch (NumberFormatException e) {
            return problem(new ConfigurationException(key, "is '" + value.get() + "', not a whole number"), fallback);
        }
    }

    public boolean bool(String key, boolean fallback) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> problem(new ConfigurationException(key, "is '" + value.get() + "', must be true or false"), fallback);
        };
    }

    /**
     * A length of time such as 500ms, 90s, 10m, 26h or 1h30m (a bare number is milliseconds, as in
     * Camel's own duration options); {@code 0} where the key allows "off".
     */
    public Duration duration(String key, String fallback) {
        String value = string(key, fallback);
        try {
            long millis = TimeUtils.toMilliSeconds(value);
            if (millis < 0) {
                throw new IllegalArgumentException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            return problem(new ConfigurationException(key, "is '" + value + "', not a duration such as 90s, 10m, 26h or 1h30m"),
                    Duration.ofMillis(TimeUtils.toMilliSeconds(fallback)));
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
     * A secret: the key itself (usually set through the environment, e.g. snapmask.analytics.password
     * as SNAPMASK_ANALYTICS_PASSWORD) or a file named by {@code <key>-file}. Empty when neither is set.
     * The value is never part of an error message.
     */
    public String secret(String key) {
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
