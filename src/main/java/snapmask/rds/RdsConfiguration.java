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
 * The rds and aurora sources (snapmask.source=rds or aurora): a bean per step, with the one RDS
 * client, which the aws2-rds component takes (autowired) for every endpoint and for its health
 * check; and what a run hands on from the copy (scrub, sanitized snapshot, promotion).
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
        // one bean per step of routes/source-rds.camel.yaml and source-aurora.camel.yaml, for instances and clusters alike
        OwnerGuard guard = new OwnerGuard(rds, clock);
        WaitLimits limits = new WaitLimits(rds, clock, registry.findSingleByType(StopRequest.class));
        registry.bind("sweep", new RdsSweep(rds, guard));
        registry.bind("finder", new SnapshotFinder(rds, clock));
        registry.bind("restore", new CopyRestore(rds, guard));
        registry.bind("readiness", new CopyReadiness(rds, guard, limits));
        registry.bind("drop", new CopyDrop(rds, guard, limits));
        registry.bind("publisher", new SnapshotPublisher(rds, guard, limits));
        registry.bind("renames", new PromotionRenames(rds, guard, limits));
    }
}
