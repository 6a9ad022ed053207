package snapmask.watch;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Something the watch checks at every tick, and by the same probe a Camel health check in group
 * {@code snapmask} (JMX, {@code snapmask health}): one list, one answer. A probe never throws:
 * every problem is a DOWN answer. A target still starting (Metabase initializing) is UNKNOWN.
 */
public abstract class WatchTarget extends AbstractHealthCheck {

    protected WatchTarget(String name) {
        super("snapmask", name);
    }

    /** The name ops gave it in snapmask.watch.targets; also its key in the state file and its health check id. */
    public String name() {
        return getId();
    }

    /** How it is checked, for the alert mail: the URL, the query and server, the freshness limit. */
    public abstract String checks();

    public abstract Probe probe();

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Probe probe = probe();
        builder.detail("checks", checks()).message(probe.detail());
        switch (probe.outcome()) {
            case UP -> builder.up();
            case STARTING -> builder.unknown();
            case DOWN -> builder.down();
        }
    }
}
