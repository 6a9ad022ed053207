package snapmask.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.StaticService;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.run.RunContext;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;
import snapmask.run.Schedule;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The job as ops see it in jconsole, over a JMX connector or with {@code snapmask jmx}: status, last
 * run, schedule, run now. Registered by Camel's management, as the one service of its kind in the
 * context, under a name that stays across restarts ({@code org.apache.camel:context=snapmask,type=services,name=RefreshJob},
 * {@link #OBJECT_NAME}: a static service gets no instance number); the last run comes from
 * this process, or from the run history after a restart. Times are ISO-8601 UTC; an empty string
 * means "none yet".
 */
@ManagedResource(description = "snapmask's nightly refresh: status, last run, schedule, run now")
public class RefreshJob implements StaticService {

    /** The job's MBean, with the shipped camel.main.name; the same at every start, for ops' scripts and JMX exporters. */
    public static final String OBJECT_NAME = "org.apache.camel:context=snapmask,type=services,name=RefreshJob";
    /** Where the job's MBean is, whatever the context's name. */
    private static final String OBJECT_NAME_PATTERN = "org.apache.camel:type=services,name=RefreshJob,*";
    private static final Logger LOG = LoggerFactory.getLogger(RefreshJob.class);
    private static final String SCHEDULE_ROUTE = "refresh-schedule";
    /** How long runNow waits for the run it started to hold the lock, or to end, before it answers anyway. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private final CamelContext camel;
    private final RunLedger ledger;
    private final RunHistory history;
    private ProducerTemplate producer;

    public RefreshJob(CamelContext camel, RunLedger ledger, RunHistory history) {
        this.camel = camel;
        this.ledger = ledger;
        this.history = history;
    }

    /** The job's name on {@code connection}; an error that says what to check when it is not there. */
    public static ObjectName objectName(MBeanServerConnection connection) throws java.io.IOException {
        try {
            return connection.queryNames(new ObjectName(OBJECT_NAME_PATTERN), null).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no snapmask job (" + OBJECT_NAME
                            + ") on this JMX connection: is it a snapmask service, started with camel.main.jmxEnabled=true?"));
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        producer = camel.createProducerTemplate();
    }

    @Override
    public void stop() {
        if (producer != null) {
            producer.stop();
        }
    }

    @ManagedAttribute(description = "idle, or running run <id>, step <step>")
    public String getStatus() {
        RunContext run = ledger.current();
        return run == null ? "idle" : "running run " + run.id() + ", step " + (run.currentStep() == null ? "-" : run.currentStep())
                + ", for " + run.duration().toSeconds() + " s";
    }

    @ManagedAttribute
    public String getCurrentStep() {
        RunContext run = ledger.current();
        return run == null || run.currentStep() == null ? "" : run.currentStep();
    }

    @ManagedAttribute
    public String getLastRunId() {
        return last().map(RunHistory.Row::runId).orElse("");
    }

    @ManagedAttribute
    public String getLastRunStart() {
        return last().map(r -> text(r.started())).orElse("");
    }

    @ManagedAttribute
    public String getLastRunEnd() {
        return last().map(r -> text(r.ended())).orElse("");
    }

    @ManagedAttribute(description = "SUCCEEDED, FAILED, ABORTED or ABANDONED (a skipped run does not count)")
    public String getLastRunResult() {
        return last().map(RunHistory.Row::status).orElse("");
    }

    @ManagedAttribute
    public String getLastRunFailedStep() {
        return last().map(r -> r.failedStep() == null ? "" : r.failedStep()).orElse("");
    }

    @ManagedAttribute
    public long getLastRunRows() {
        return last().map(RunHistory.Row::rows).orElse(0L);
    }

    @ManagedAttribute
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

    @ManagedAttribute(description = "active, paused (by ops, until resumeSchedule or a restart) or off")
    public String getSchedule() {
        ServiceStatus route = camel.getRouteController().getRouteStatus(SCHEDULE_ROUTE);
        if (route != ServiceStatus.Started) {
            return "off: route " + SCHEDULE_ROUTE + " is " + (route == null ? "missing" : route.name().toLowerCase(java.util.Locale.ROOT));
        }
        return Schedule.paused(camel) ? "paused" : "active";
    }

    @ManagedOperation(description = "the nightly run stops firing; answers at once, a run going finishes")
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

    @ManagedOperation
    public String resumeSchedule() {
        try {
            Schedule.resume(camel);
        } catch (Exception e) {
            throw new IllegalStateException("the schedule could not be resumed: " + e.getMessage(), e);
        }
        LOG.info("the schedule was resumed over JMX; next run {}", getNextFireTime());
        return "active; next run " + getNextFireTime();
    }

    @ManagedOperation(description = "starts a refresh now and returns its run id; refused while a run is going, here or in"
            + " another snapmask process refreshing into the same analytics database")
    public String runNow() {
        RunContext running = ledger.current();
        if (running != null) {
            throw new IllegalStateException("refused: run " + running.id() + " is running (step " + running.currentStep()
                    + "); wait until Status is idle");
        }
        CompletableFuture<RunContext> locked = new CompletableFuture<>();
        CompletableFuture<Exchange> done = producer.asyncSend("direct:refresh", e -> {
            e.getMessage().setHeader(RunLedger.TRIGGER_HEADER, "jmx");
            e.setProperty(RunLedger.LOCKED, locked);
        });
        // answers once the run holds the lock: a run another process's refresh keeps out is refused, not "started"
        try {
            CompletableFuture.anyOf(locked, done).get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "started; see Status";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "started; see Status";
        } catch (ExecutionException e) {
            throw new IllegalStateException("refused: " + e.getCause().getMessage(), e.getCause());
        }
        if (locked.isDone()) {
            RunContext run = locked.join();
            LOG.info("run {}: started over JMX", run.id());
            return run.id();
        }
        Exchange e = done.join();
        RunContext finished = e.getProperty(RunContext.PROPERTY, RunContext.class);
        if (finished != null && finished.status() == RunContext.Status.SKIPPED) {
            throw new IllegalStateException("refused: " + finished.failure().getMessage());
        }
        if (finished != null) {
            return finished.id();
        }
        throw new IllegalStateException("refused: " + (e.getException() == null ? "see the log" : e.getException().getMessage()));
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
