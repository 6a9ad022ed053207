package snapmask.rds;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;
import snapmask.load.LoadSettings;
import snapmask.rds.component.Aws2RdsConfiguration;
import snapmask.rds.component.RdsClients;
import snapmask.run.RunHistory;
import snapmask.step.StopRequest;

import java.time.Clock;

/**
 * The rds and aurora sources (snapmask.source=rds or aurora): the source, with the one RDS client,
 * which the aws2-rds component takes (autowired) for every endpoint and for its health check; and
 * what a run hands on from the copy (scrub, sanitized snapshot, promotion).
 */
public class RdsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        RdsSettings rds = registry.findSingleByType(RdsSettings.class);
        Clock clock = registry.findSingleByType(Clock.class);
        Analytics analytics = registry.findSingleByType(Analytics.class);
        LoadSettings load = registry.findSingleByType(LoadSettings.class);
        CopyScrub scrub = new CopyScrub(clock);
        registry.bind("scrub", scrub);
        registry.bind("promotion", new CopyPromotion(scrub, registry.findSingleByType(RunHistory.class), analytics.server(),
                analytics.database(), server -> load.biAccount(server, analytics), clock));
        if (!rds.chosen()) {
            return;
        }
        Aws2RdsConfiguration client = new Aws2RdsConfiguration();
        client.setRegion(rds.region());
        rds.endpointOverride().ifPresent(url -> {
            client.setOverrideEndpoint(true);
            client.setUriEndpointOverride(url);
        });
        rds.accessKeyId().ifPresent(key -> {
            client.setUseDefaultCredentialsProvider(false);
            client.setAccessKey(key);
            client.setSecretKey(rds.secretAccessKey());
        });
        client.setMaxAttempts(rds.maxAttempts());
        registry.bind("rdsClient", RdsClients.build(client));
        StopRequest stop = registry.findSingleByType(StopRequest.class);
        registry.bind("source", rds.aurora() ? new AuroraSource(rds, stop, clock) : new RdsSource(rds, stop, clock));
    }
}
