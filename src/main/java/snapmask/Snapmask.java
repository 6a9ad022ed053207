package snapmask;

import org.apache.camel.main.Main;
import snapmask.config.Settings;
import snapmask.kpi.KpiConfiguration;
import snapmask.load.LoadConfiguration;
import snapmask.local.LocalConfiguration;
import snapmask.mask.MaskingConfiguration;
import snapmask.ops.OpsConfiguration;
import snapmask.rds.RdsConfiguration;
import snapmask.run.RunConfiguration;
import snapmask.watch.WatchConfiguration;

import java.util.Map;

/**
 * Assembles the Camel application: config/application.properties (or the file named by
 * SNAPMASK_CONFIG / -Dsnapmask.config), the routes in routes/, and the beans the routes name, built by
 * one configuration per area from the settings {@link SnapmaskSettings} reads and checks first.
 * {@code overrides} win over every other source; the embedded default and the tests use them.
 */
public final class Snapmask {

    private Snapmask() {
    }

    public static Main create(Map<String, String> overrides) {
        Main main = new Main();
        // in this order, and no classpath scan that would find them in another: an area's beans may take those of the areas
        // before it (the clock, the ledger, the history)
        main.configure().withConfigurations(SnapmaskSettings.class, RunConfiguration.class, OpsConfiguration.class,
                MaskingConfiguration.class, LoadConfiguration.class, KpiConfiguration.class, LocalConfiguration.class,
                RdsConfiguration.class, WatchConfiguration.class);
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
