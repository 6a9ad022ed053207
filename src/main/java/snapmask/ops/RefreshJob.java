package snapmask.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Service;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.run.RunContext;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;
import snapmask.run.Schedule;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The job's MBean: status, last run, next fire time and runNow(). It lives as long as the Camel
 * context; the last run comes from this process, or from the run history after a restart.
 */
public class RefreshJob implements Service, RefreshJobMXBean {

    public static final String OBJECT_NAME = "snapmask:type=RefreshJob";
    private static final Logger LOG = LoggerFactory.getLogger(RefreshJob.class);
    private static final String SCHEDULE_ROUTE = "refresh-schedule";
    private static final java.util.concurrent.atomic.AtomicReference<RefreshJob> REGISTERED =
            new java.util.concurrent.atomic.AtomicReference<>();

    private final CamelContext camel;
    private final RunLedger ledger;
    private final RunHistory history;
    private ProducerTemplate producer;

    public RefreshJob(CamelContext camel, RunLedger ledger, RunHistory history) {
        this.camel = camel;
        this.ledger = ledger;
        this.history = history;
    }

    @Override
    public void start() {
        try {
            register();
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the JMX bean " + OBJECT_NAME + ": " + e.getMessage(), e);
        }
    }

    private void register() throws Exception {
        producer = camel.createProducerTemplate();
        ObjectName name = new ObjectName(OBJECT_NAME);
        var server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            // a second snapmask in the same JVM (tests): the newest one answers
            server.unregisterMBean(name);
        }
        server.registerMBean(this, name);
        REGISTERED.set(this);
    }

    @Override
    public void stop() {
        try {
            unregister();
        } catch (Exception e) {
            LOG.warn("cannot unregister the JMX bean {}: {}", OBJECT_NAME, e.getMessage());
        }
    }

    private void unregister() throws Exception {
        var server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        // only the one registered now: an older snapmask stopping must not take a newer one's name away
        if (REGISTERED.compareAndSet(this, null) && server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        if (producer != null) {
            producer.stop();
        }
    }

    @Override
    public String getStatus() {
        RunContext run = ledger.current();
        return run == null ? "idle" : "running run " + run.id() + ", step " + (run.currentStep() == null ? "-" : run.currentStep())
                + ", for " + run.duration().toSeconds() + " s";
    }

    @Override
    public String getCurrentStep() {
        RunContext run = ledger.current();
        return run == null || run.currentStep() == null ? "" : run.currentStep();
    }

    @Override
    public String getLastRunId() {
        return last().map(RunHistory.Row::runId).orElse("");
    }

    @Override
    public String getLastRunStart() {
        return last().map(r -> text(r.started())).orElse("");
    }

    @Override
    public String getLastRunEnd() {
        return last().map(r -> text(r.ended())).orElse("");
    }

    @Override
    public String getLastRunResult() {
        return last().map(RunHistory.Row::status).orElse("");
    }

    @Override
    public String getLastRunFailedStep() {
        return last().map(r -> r.failedStep() == null ? "" : r.failedStep()).orElse("");
    }

    @Override
    public long getLastRunRows() {
        return last().map(RunHistory.Row::rows).orElse(0L);
    }

    @Override
    public String getNextFireTime() {
        ServiceStatus route = camel.getRouteController().getRouteStatus(SCHEDULE_ROUTE);
        if (route != ServiceStatus.Started) {
            return "never: route " + SCHEDULE_ROUTE + " is " + (route == null ? "missing" : route.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (Schedule.paused(camel)) {
            return "never: the schedule is paused (resumeSchedule resumes it)";
        }
        try {
            return Schedule.nextFire(camel).map(Instant::toString).orElse("never: no trigger scheduled");
        } catch (Exception e) {
            return "unknown: " + e.getMessage();
        }
    }

    @Override
    public String getSchedule() {
        ServiceStatus route = camel.getRouteController().getRouteStatus(SCHEDULE_ROUTE);
        if (route != ServiceStatus.Started) {
            return "off: route " + SCHEDULE_ROUTE + " is " + (route == null ? "missing" : route.name().toLowerCase(java.util.Locale.ROOT));
        }
        return Schedule.paused(camel) ? "paused" : "active";
    }

    @Override
    public String pauseSchedule() {
        try {
            Schedule.pause(camel);
        } catch (Exception e) {
            throw new IllegalStateException("the schedule could not be paused: " + e.getMessage(), e);
        }
        LOG.warn("the schedule was paused over JMX; no run starts until resumeSchedule (or a restart)");
        RunContext running = ledger.current();
        return "paused" + (running == null ? "" : "; run " + running.id() + " goes on to its end");
    }

    @Override
    public String resumeSchedule() {
        try {
            Schedule.resume(camel);
        } catch (Exception e) {
            throw new IllegalStateException("the schedule could not be resumed: " + e.getMessage(), e);
        }
        LOG.info("the schedule was resumed over JMX; next run {}", getNextFireTime());
        return "active; next run " + getNextFireTime();
    }

    @Override
    public String runNow() {
        RunContext running = ledger.current();
        if (running != null) {
            throw new IllegalStateException("refused: run " + running.id() + " is running (step " + running.currentStep()
                    + "); wait until Status is idle");
        }
        CompletableFuture<Exchange> done = producer.asyncSend("direct:refresh",
                e -> e.getMessage().setHeader(RunLedger.TRIGGER_HEADER, "jmx"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            RunContext run = ledger.current();
            if (run != null && "jmx".equals(run.trigger())) {
                LOG.info("run {}: started over JMX", run.id());
                return run.id();
            }
            if (done.isDone()) {
                Exchange e = done.join();
                RunContext finished = e.getProperty(RunContext.PROPERTY, RunContext.class);
                if (finished != null) {
                    return finished.id();
                }
                throw new IllegalStateException("refused: " + (e.getException() == null ? "see the log" : e.getException().getMessage()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "started; see Status";
    }

    /** The last finished run: of this process, or from the history after a restart. */
    public Optional<RunHistory.Row> last() {
        java.util.List<RunContext> recent = ledger.recent();
        for (int i = recent.size() - 1; i >= 0; i--) {
            RunContext run = recent.get(i);
            // a skipped run did nothing: the run that held the lock is the one that counts
            if (run.status() != RunContext.Status.RUNNING && run.status() != RunContext.Status.SKIPPED) {
                return Optional.of(new RunHistory.Row(run.id(), run.trigger(), run.started(), run.ended(), run.status().name(),
                        run.failedStep(), run.rowsLoaded()));
            }
        }
        try {
            return history.lastFinished();
        } catch (Exception e) {
            LOG.debug("no last run from the history: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(Instant t) {
        return t == null ? "" : t.toString();
    }
}
