package snapmask.rds.component;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.PropertyBindingSupport;

import java.util.Map;

/**
 * {@code aws2-rds:label?operation=...}: Amazon RDS through the AWS SDK v2, in the style of Camel's
 * aws2-* components (Camel itself ships none for RDS). Component options are the defaults of
 * every endpoint; endpoint options override them.
 */
public class Aws2RdsComponent extends DefaultComponent {

    private Aws2RdsConfiguration configuration = new Aws2RdsConfiguration();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Aws2RdsConfiguration config = configuration.copy();
        Aws2RdsEndpoint endpoint = new Aws2RdsEndpoint(uri, this, config);
        PropertyBindingSupport.build().withReflection(true).withRemoveParameters(true)
                .bind(getCamelContext(), config, parameters);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public Aws2RdsConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(Aws2RdsConfiguration configuration) {
        this.configuration = configuration;
    }
}
