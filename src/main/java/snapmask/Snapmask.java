package snapmask;

import org.apache.camel.main.Main;
import snapmask.config.Settings;

import java.util.Map;

/**
 * Assembles the Camel application: config/application.properties (or the file named by
 * SNAPMASK_CONFIG / -Dsnapmask.config), the routes in routes/, the beans of {@link SnapmaskBeans}.
 * {@code overrides} win over every other source; the embedded default and the tests use them.
 */
public final class Snapmask {

    private Snapmask() {
    }

    public static Main create(Map<String, String> overrides) {
        Main main = new Main(SnapmaskBeans.class);
        // the file ops edit, then the same file as shipped (the first location that has a key wins): a key left out keeps its
        // documented default, camel.main.* keys included
        main.setPropertyPlaceholderLocations("file:" + Settings.file() + ",classpath:" + Settings.DEFAULTS);
        // camel-main lists every setting at start and masks the ones whose last name part (without dashes) is sensitive
        main.configure().setAdditionalSensitiveKeywords("hashkey,bipassword,secretaccesskey");
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * For a command that does one thing and exits: the routes of the schedule and of the watch's timer
     * are left out, while the watch stays configured as the service has it (its targets are health checks).
     */
    public static Main createWithoutSchedule(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.HashMap<>(overrides);
        settings.put("snapmask.schedule.enabled", "false");
        settings.put("camel.main.route-filter-exclude-pattern", "refresh-schedule,bi-watch");
        return create(settings);
    }

}
