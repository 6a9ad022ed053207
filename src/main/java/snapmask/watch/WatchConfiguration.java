package snapmask.watch;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;
import snapmask.config.Cluster;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The watch of routes/bi-watch.camel.yaml and its mails. Its targets are also Camel health checks
 * (Camel's health registry picks up HealthCheck beans): the analytics server and the freshness of the
 * refresh always, the others while the watch runs.
 */
public class WatchConfiguration implements CamelConfiguration {

    /** A {@link Runnable} to call after each successful run, and a {@code Supplier<String>} describing the schedule (see RunConfiguration). */
    private static final String ON_SUCCESS = "onRefreshSucceeded";
    private static final String SCHEDULE = "scheduleDescription";
    /** With snapmask.cluster.enabled, the last success any node recorded in the shared history (see RunConfiguration). */
    private static final String SHARED_SUCCESS = "lastSharedSuccess";

    @Override
    @SuppressWarnings("unchecked")
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        WatchSettings settings = registry.findSingleByType(WatchSettings.class);
        Clock clock = registry.findSingleByType(Clock.class);
        Duration connect = settings.connectTimeout();
        Duration read = settings.readTimeout();
        DatabaseTarget analytics = new DatabaseTarget(DatabaseTarget.ANALYTICS, registry.findSingleByType(Analytics.class).server(),
                connect, read);
        List<WatchTarget> targets = new ArrayList<>();
        for (WatchSettings.Target t : settings.targets()) {
            targets.add(t.health().<WatchTarget>map(url -> new HttpHealthTarget(t.name(), url, connect, read))
                    .or(() -> t.database().map(server -> new DatabaseTarget(t.name(), server, connect, read)))
                    .orElse(analytics));
        }
        WatchState state = WatchState.load(settings.stateFile(), clock.instant());
        if (!settings.freshness().isZero()) {
            Supplier<Optional<Instant>> shared = registry.lookupByNameAndType(SHARED_SUCCESS, Supplier.class);
            targets.add(new FreshnessTarget(settings.freshness(), state, registry.lookupByNameAndType(SCHEDULE, Supplier.class),
                    shared != null ? shared : Optional::empty, clock));
        }
        Analytics analyticsServer = registry.findSingleByType(Analytics.class);
        Cluster cluster = registry.findSingleByType(Cluster.class);
        if (cluster.enabled()) {
            targets.add(new PairTarget(cluster, clock));
        }
        Watch watch = new Watch(targets, settings.failures(), settings.initializingGrace(), settings.reminder(), state, clock);
        if (cluster.enabled()) {
            watch.watchingWhile(new WatchLeadership(cluster.server(), analyticsServer.database()));
        }
        registry.bind("watch", watch);
        MeterRegistry metrics = registry.findSingleByType(MeterRegistry.class);
        for (WatchTarget target : targets) {
            Gauge.builder("snapmask.watch.target.up", watch, w -> w.isDown(target.name()) ? 0 : 1).tag("target", target.name())
                    .description("1 while the watch holds the target up, 0 once it is down").register(metrics);
        }
        registry.bind(ON_SUCCESS, Runnable.class, (Runnable) watch::refreshSucceeded);
        registry.bind("watchMail", new WatchMail(settings.reminder()));
        registry.bind("analyticsCheck", analytics);
        for (WatchTarget target : targets) {
            if (target != analytics && (settings.enabled() || target.name().equals(FreshnessTarget.NAME))) {
                registry.bind(target.name() + "Check", target);
            }
        }
    }
}
