package snapmask.run;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.spi.Registry;
import snapmask.config.Analytics;
import snapmask.config.Cluster;
import snapmask.step.StopRequest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The run's frame: the one clock, the ledger (one run at a time, why a run is to stop), the history
 * on the analytics server, the lifecycle that begins and ends each run from Camel's events, the
 * metrics of runs, and in an HA pair the shared schedule.
 */
public class RunConfiguration implements CamelConfiguration {

    /** A {@link Runnable} the lifecycle calls after each successful run (the watch's freshness keeps the time). */
    public static final String ON_SUCCESS = "onRefreshSucceeded";
    /** A {@code Supplier<String>} that describes the schedule as the service runs it, for the freshness alert. */
    public static final String SCHEDULE = "scheduleDescription";
    /** With snapmask.cluster.enabled, a {@code Supplier<Optional<Instant>>}: the last success in the shared history. */
    public static final String SHARED_SUCCESS = "lastSharedSuccess";

    @Override
    public void configure(CamelContext context) {
        Registry registry = context.getRegistry();
        Analytics analytics = registry.findSingleByType(Analytics.class);
        RunSettings settings = registry.findSingleByType(RunSettings.class);
        // the one clock: every time snapmask reads (run and step times, deadlines, the watch, the mails)
        Clock clock = Clock.systemUTC();
        Cluster cluster = registry.findSingleByType(Cluster.class);
        if (cluster.enabled()) {
            ClusteredSchedule.configure(context, cluster);
        }
        registry.bind("clock", Clock.class, clock);
        RunLedger ledger = new RunLedger(new RunLock(analytics.server(), analytics.database()), clock);
        registry.bind("runLedger", ledger);
        registry.bind("stopRequest", StopRequest.class, (StopRequest) ledger::stopReason);
        RunHistory history = new RunHistory(analytics, settings);
        registry.bind("runHistory", history);
        // the one registry of metrics, served at /metrics (snapmask.http.port); the watch and the JVM add theirs
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind("meterRegistry", metrics);
        RunLifecycle lifecycle = new RunLifecycle(ledger, history, new RunMetrics(metrics), () -> Optional.ofNullable(
                registry.lookupByNameAndType(ON_SUCCESS, Runnable.class)).ifPresent(Runnable::run));
        registry.bind("runLifecycle", lifecycle);
        registry.bind(SCHEDULE, Supplier.class, (Supplier<String>) () -> Schedule.describe(context, settings, ledger));
        if (cluster.enabled()) {
            // a peer's refreshes count for the freshness too: they are in the shared history, not in this node's watch state
            registry.bind(SHARED_SUCCESS, Supplier.class, (Supplier<Optional<Instant>>) () -> {
                try {
                    return history.lastSuccess();
                } catch (SQLException e) {
                    return Optional.empty();
                }
            });
        }
        context.getManagementStrategy().addEventNotifier(lifecycle.events());
        context.getCamelContextExtension().addInterceptStrategy(new StepGate(ledger));
        RunShutdownStrategy shutdown = new RunShutdownStrategy(context, ledger);
        // camel.main.shutdownTimeout is given to the strategy in place now, or to this one later: either way it holds
        shutdown.setTimeout(context.getShutdownStrategy().getTimeout());
        context.setShutdownStrategy(shutdown);
    }
}
