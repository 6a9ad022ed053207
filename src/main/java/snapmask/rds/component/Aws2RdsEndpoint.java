package snapmask.rds.component;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import software.amazon.awssdk.services.rds.RdsClient;

/** One aws2-rds endpoint; its client is the configured (or autowired) one, or its own built from the options. */
@UriEndpoint(firstVersion = "1.0.0", scheme = "aws2-rds", title = "AWS RDS (snapmask)", syntax = "aws2-rds:label",
        producerOnly = true, category = { Category.CLOUD, Category.DATABASE }, headersClass = Aws2RdsConstants.class)
public class Aws2RdsEndpoint extends DefaultEndpoint {

    @UriParam
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
     * Resolved at start, and on first use too: an endpoint first used while Camel shuts down (the
     * delete of a run's instance) is never started, and must still work.
     */
    public synchronized RdsClient getClient() {
        if (client != null) {
            return client;
        }
        client = configuration.getRdsClient();
        if (client == null) {
            client = RdsClients.build(configuration);
            ownsClient = true;
        }
        return client;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getClient();
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
