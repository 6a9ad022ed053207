package snapmask.rds.component;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import software.amazon.awssdk.services.rds.RdsClient;

import java.util.Set;

/** One aws2-rds endpoint; its client is the configured one, the registry's only RdsClient, or its own. */
public class Aws2RdsEndpoint extends DefaultEndpoint {

    private final Aws2RdsConfiguration configuration;
    private RdsClient client;
    private boolean ownsClient;

    public Aws2RdsEndpoint(String uri, Aws2RdsComponent component, Aws2RdsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new Aws2RdsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("aws2-rds has no consumer: use it in to(...)");
    }

    /**
     * Resolved on first use rather than at start: an endpoint first used while Camel shuts down (the
     * delete of a run's instance) is never started, and must still work.
     */
    public synchronized RdsClient getClient() {
        if (client != null) {
            return client;
        }
        client = configuration.getRdsClient();
        if (client == null) {
            Set<RdsClient> found = getCamelContext().getRegistry().findByType(RdsClient.class);
            client = found.size() == 1 ? found.iterator().next() : null;
        }
        if (client == null) {
            client = RdsClients.build(configuration);
            ownsClient = true;
        }
        return client;
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (ownsClient && client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    public Aws2RdsConfiguration getConfiguration() {
        return configuration;
    }
}
