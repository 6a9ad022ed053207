package snapmask.rds.component;

import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code aws2-rds:label?operation=...}: Amazon RDS through the AWS SDK v2, in the style of Camel's
 * aws2-* components (Camel itself ships none for RDS). Component options are the defaults of
 * every endpoint; endpoint options override them. With a client (set, or the registry's only
 * RdsClient, autowired) the component registers its health check, {@code aws2-rds}.
 */
@Component("aws2-rds")
public class Aws2RdsComponent extends DefaultComponent {

    @Metadata(description = "The component configuration")
    private Aws2RdsConfiguration configuration = new Aws2RdsConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Aws2RdsConfiguration config = configuration.copy();
        config.setLabel(remaining);
        Aws2RdsEndpoint endpoint = new Aws2RdsEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (configuration.getRdsClient() != null) {
            HealthCheckRegistry registry = HealthCheckRegistry.get(getCamelContext());
            if (registry != null && registry.getCheck(Aws2RdsHealthCheck.ID).isEmpty()) {
                registry.register(new Aws2RdsHealthCheck(configuration.getRdsClient()));
            }
        }
    }

    public Aws2RdsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(Aws2RdsConfiguration configuration) {
        this.configuration = configuration;
    }
}
