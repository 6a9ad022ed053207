package snapmask.run;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.engine.DefaultShutdownStrategy;
import org.apache.camel.spi.RouteStartupOrder;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Camel's graceful shutdown, which first tells the run going that ops are stopping a route it goes
 * through (over JMX; a run started by runNow or run-once does not go through the schedule's route,
 * and runs on when only that one stops): the run stops before its next step, as at a stop of snapmask, instead of
 * holding the route for camel.main.shutdownTimeout and then being cut off by it. Camel itself
 * announces a route's stop only once that wait is over.
 */
class RunShutdownStrategy extends DefaultShutdownStrategy {

    /** The routes every run goes through; a scheduled one comes through refresh-schedule first. */
    private static final Set<String> RUN_ROUTES = Set.of("refresh", "refresh-steps");
    private static final String SCHEDULE_ROUTE = "refresh-schedule";

    private final RunLedger ledger;

    RunShutdownStrategy(CamelContext context, RunLedger ledger) {
        super(context);
        this.ledger = ledger;
    }

    @Override
    protected boolean doShutdown(CamelContext context, List<RouteStartupOrder> routes, long timeout, TimeUnit timeUnit,
                                 boolean suspendOnly, boolean abortAfterTimeout, boolean forceShutdown) throws Exception {
        RunContext run = ledger.current();
        if (run != null && !suspendOnly && !context.isStopping()) {
            routes.stream().map(r -> r.getRoute().getRouteId())
                    .filter(route -> RUN_ROUTES.contains(route) || route.equals(SCHEDULE_ROUTE) && "schedule".equals(run.trigger()))
                    .findFirst()
                    .ifPresent(route -> ledger.abortRun("route " + route + " is stopping", "route " + route + " was stopped"));
        }
        return super.doShutdown(context, routes, timeout, timeUnit, suspendOnly, abortAfterTimeout, forceShutdown);
    }
}
