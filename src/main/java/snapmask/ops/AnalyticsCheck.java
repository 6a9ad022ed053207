package snapmask.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import snapmask.watch.Probe;
import snapmask.watch.WatchTarget;

import java.util.Map;

/** The analytics server answers SELECT 1: the target of every load and what Metabase reads. */
public class AnalyticsCheck extends AbstractHealthCheck {

    private final WatchTarget analytics;

    public AnalyticsCheck(WatchTarget analytics) {
        super("snapmask", "analytics");
        this.analytics = analytics;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Probe probe = analytics.probe();
        builder.detail("checks", analytics.checks()).message(probe.detail());
        if (probe.outcome() == Probe.Outcome.UP) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
