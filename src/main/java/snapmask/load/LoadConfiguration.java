package snapmask.load;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;
import snapmask.step.StopRequest;

/** The analytics side: the loader (steps load, swap), the BI account, the analytics SQL, the server for the routes' SQL. */
public class LoadConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Analytics analytics = registry.findSingleByType(Analytics.class);
        LoadSettings settings = registry.findSingleByType(LoadSettings.class);
        StopRequest stop = registry.findSingleByType(StopRequest.class);
        registry.bind("loader", new AnalyticsLoader(analytics.server(), analytics.database(), settings.threads(), settings.batchSize(),
                settings.method()).comparing(settings.compare()).stopWhen(() -> stop.reason().isPresent()));
        registry.bind("analyticsServer", analytics.server().dataSource(null));
        registry.bind("biAccount", settings.biAccount(analytics.server(), analytics));
        registry.bind("analyticsScripts", new AnalyticsScripts(settings.scripts().orElse(null), analytics.server(), analytics.database()));
    }
}
