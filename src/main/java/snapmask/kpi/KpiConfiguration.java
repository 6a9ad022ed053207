package snapmask.kpi;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;

import java.time.Clock;

/** KPIs and the checks before the swap (step kpis), their history, and Metabase's sync after the swap. */
public class KpiConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Analytics analytics = registry.findSingleByType(Analytics.class);
        KpiSettings settings = registry.findSingleByType(KpiSettings.class);
        KpiHistory history = new KpiHistory(analytics.server(), analytics.historySchema(), settings.retention(),
                registry.findSingleByType(Clock.class));
        registry.bind("kpiHistory", history);
        registry.bind("kpis", new KpiMeter(settings.book(), analytics.server(), analytics.staging(), history, settings.tableMinRows(),
                settings.tableShrinkPercent(), settings.queryTimeout()));
        registry.bind("metabase", new MetabaseSync(settings.metabaseUrl(), settings.metabaseApiKey(), settings.metabaseDatabaseId(),
                analytics.database(), settings.metabaseMethod()));
    }
}
