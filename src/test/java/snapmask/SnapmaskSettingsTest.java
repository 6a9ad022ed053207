package snapmask;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings, read without a server or a route, in milliseconds: the keys the areas declare by
 * reading them are the keys config/application.properties documents, and every problem is named at
 * once with its key.
 */
@Tag("fast")
class SnapmaskSettingsTest {

    /** A key as the shipped file documents it, set or commented out: {@code snapmask.x = 1}, {@code #snapmask.y = }, {@code # snapmask.z: ...}. */
    private static final Pattern DOCUMENTED = Pattern.compile("(?m)^#?\\s*(snapmask\\.[a-z0-9.*-]+)\\s*[=:]");

    private static final String TARGET_KEY = "snapmask\\.watch\\.[^.]+\\.(url|user|password|ssl-mode|ssl-ca)";

    @Test
    void the_keys_the_areas_read_are_the_keys_the_shipped_file_documents() throws Exception {
        String shipped = Files.readString(Path.of(Settings.DEFAULT_FILE));
        for (String source : new String[] {"local", "rds", "aurora"}) {
            Set<String> declared = new TreeSet<>(read(Map.of("snapmask.source", source, "snapmask.output", "promote")).declared());
            declared.addAll(read(Map.of("snapmask.source", source)).declared());
            // a watch target's own keys are read for the targets named; the shipped file documents those of its example
            declared.removeIf(k -> k.matches(TARGET_KEY));
            Set<String> documented = new TreeSet<>();
            Matcher m = DOCUMENTED.matcher(shipped);
            while (m.find()) {
                if (!m.group(1).matches(TARGET_KEY)) {
                    documented.add(m.group(1));
                }
            }
            // a secret's file: read with the secret, documented with it
            declared.removeIf(k -> k.endsWith("-file") && declared.contains(k.substring(0, k.length() - "-file".length())));
            assertThat(declared).as("snapmask.source=" + source).containsExactlyInAnyOrderElementsOf(documented);
        }
    }

    @Test
    void every_problem_of_every_area_is_named_at_once_without_starting_anything() {
        Settings settings = read(Map.of("snapmask.load.threads", "0", "snapmask.watch.reminder", "soon", "snapmask.source", "rds",
                "snapmask.kpi.query-timeout", "10ms", "snapmask.lod.method", "insert"));
        assertThatThrownBy(settings::failIfProblems).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("7 problems in the configuration")
                .hasMessageContaining("snapmask.load.threads is 0, must be between 1 and 16")
                .hasMessageContaining("snapmask.watch.reminder is 'soon', not a duration")
                .hasMessageContaining("snapmask.kpi.query-timeout is shorter than a second")
                .hasMessageContaining("snapmask.rds.region is missing or empty")
                .hasMessageContaining("snapmask.rds.instance is missing or empty")
                .hasMessageContaining("snapmask.rds.database is missing or empty")
                .hasMessageContaining("snapmask.lod.method is not a snapmask setting; did you mean snapmask.load.method?");
    }

    @Test
    void an_environment_variable_is_checked_like_a_key() {
        Settings settings = read(Map.of());
        settings.rejectUnknownKeys(Map.of("SNAPMASK_ANALYTICS_PASWORD", "x", "SNAPMASK_ANALYTICS_PASSWORD", "x",
                "SNAPMASK_MASKING_HASH_KEY_FILE", "/k", "SNAPMASK_CONFIG", "c", "SNAPMASK_WATCH_BI_URL", "http://bi"));
        assertThatThrownBy(settings::failIfProblems)
                .hasMessageStartingWith("SNAPMASK_ANALYTICS_PASWORD (environment variable) is not a snapmask setting; did you mean"
                        + " SNAPMASK_ANALYTICS_PASSWORD?").hasMessageNotContaining("SNAPMASK_ANALYTICS_PASSWORD ")
                .hasMessageNotContaining("HASH_KEY_FILE").hasMessageNotContaining("SNAPMASK_CONFIG").hasMessageNotContaining("WATCH");
    }

    /** What snapmask would read with {@code overrides} over the shipped file: the test's own environment is not asked. */
    private static Settings read(Map<String, String> overrides) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:" + Settings.DEFAULTS);
        Properties properties = new Properties();
        properties.putAll(overrides);
        context.getPropertiesComponent().setOverrideProperties(properties);
        return SnapmaskSettings.read(context);
    }
}
