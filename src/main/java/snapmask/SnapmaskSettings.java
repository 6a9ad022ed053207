package snapmask;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;
import snapmask.config.Cluster;
import snapmask.config.Settings;
import snapmask.kpi.KpiSettings;
import snapmask.load.LoadSettings;
import snapmask.local.LocalSettings;
import snapmask.mask.MaskingSettings;
import snapmask.ops.HttpSettings;
import snapmask.ops.MailSettings;
import snapmask.rds.RdsSettings;
import snapmask.run.RunSettings;
import snapmask.watch.WatchSettings;

/**
 * The first configuration: every area reads all of its keys into its typed settings, and a key no
 * area reads is refused; when anything is wrong the start stops with every problem at once, each
 * with its key and file, before a bean is built. The areas' configurations (run, ops, mask, load,
 * kpi, local, rds, watch) then build their beans from these settings.
 */
public class SnapmaskSettings implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        read(context).failIfProblems();
    }

    /** Every area's settings read and bound, the unknown keys refused; the problems are in the answer, not yet thrown. */
    static Settings read(CamelContext context) {
        Settings settings = new Settings(context);
        Analytics analytics = Analytics.from(settings);
        bind(context.getRegistry(), analytics, Cluster.from(settings, analytics), RunSettings.from(settings), MailSettings.from(settings), HttpSettings.from(settings), MaskingSettings.from(settings),
                LoadSettings.from(settings), KpiSettings.from(settings), LocalSettings.from(settings, analytics),
                RdsSettings.from(settings), WatchSettings.from(settings));
        settings.rejectUnknownKeys(System.getenv());
        return settings;
    }

    private static void bind(Registry registry, Object... areas) {
        for (Object area : areas) {
            registry.bind(area.getClass().getName(), area);
        }
    }
}
