package snapmask.local;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Clock;

/** The local source (snapmask.source=local): production is a database on a MySQL-compatible server. */
public class LocalConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        LocalSettings local = context.getRegistry().findSingleByType(LocalSettings.class);
        if (local.chosen()) {
            context.getRegistry().bind("source", new LocalSource(local.server(), local.database(),
                    context.getRegistry().findSingleByType(Clock.class)));
        }
    }
}
