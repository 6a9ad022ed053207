package snapmask.run;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens and closes runs: hands out the run id, refuses a second run while one is going, and keeps
 * the recent runs for the report, JMX and the tests.
 */
public class RunLedger {

    /** Header that says who asked for a run: schedule (default), cli, jmx. */
    public static final String TRIGGER_HEADER = "snapmaskTrigger";
    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
    private static final int KEPT = 50;

    private final AtomicReference<RunContext> current = new AtomicReference<>();
    private final RunLock lock;
    private volatile String abortReason;
    private final List<RunContext> recent = new ArrayList<>();

    public RunLedger(RunLock lock) {
        this.lock = lock;
    }

    public void begin(Exchange exchange) {
        if (abortReason != null) {
            throw new RunAbortedException("refresh not started: " + abortReason);
        }
        RunContext run = new RunContext(exchange.getMessage().getHeader(TRIGGER_HEADER, "schedule", String.class));
        if (!current.compareAndSet(null, run)) {
            // read once: the other run may end between two reads
            RunContext other = current.get();
            throw new RunInProgressException("refresh not started: " + (other == null ? "another run was starting at the same moment"
                    : "run " + other.id() + " is still running (step " + other.currentStep() + ")"));
        }
        exchange.setProperty(RunContext.PROPERTY, run);
        synchronized (recent) {
            recent.add(run);
            if (recent.size() > KEPT) {
                recent.remove(0);
            }
        }
        LOG.info("run {}: started (trigger: {})", run.id(), run.trigger());
    }

    /**
     * The first step: no other process refreshes into the same analytics database meanwhile. Its
     * failure also stops a run whose analytics server is down before anything is restored.
     */
    public void lock(Exchange exchange) {
        lock.acquire(exchange.getProperty(RunContext.PROPERTY, RunContext.class));
    }

    public void succeeded(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        run.succeeded();
        lock.release(run);
        current.compareAndSet(run, null);
        LOG.info("run {}: SUCCEEDED in {} s: {} tables, {} rows loaded; masked {}", run.id(), run.duration().toMillis() / 1000.0,
                run.rowsPerTable().size(), run.rowsLoaded(),
                String.join(", ", run.maskedColumns()));
    }

    /**
     * After the drop: a copy that could not be removed fails an otherwise good run, because it keeps
     * costing until someone acts. After an earlier failure the mail already reports it.
     */
    public void requireCleanedUp(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        // after a failed step or an abort, that failure stays the cause and the mail lists what is left
        // (the exchange's caught exception cannot tell: the drop may catch failures of its own)
        if (run.isCleanupFailed() && run.failedStep() == null && !abortRequested()) {
            throw new IllegalStateException("the temporary copy could not be removed: " + String.join("; ", run.cleanup()));
        }
    }

    /**
     * Another refresh into the same analytics database is running (in this process or another): this
     * one has nothing to do. Recorded as SKIPPED, not mailed; the run that holds the lock reports itself.
     */
    public void skipped(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        String why = cause == null ? "another refresh is running" : cause.getMessage();
        if (run == null) {
            LOG.warn("{}", why);
            return;
        }
        run.skipped(cause);
        current.compareAndSet(run, null);
        LOG.warn("run {}: SKIPPED: {}", run.id(), why);
    }

    /** Called by the dead-letter channel; the run may be missing when the failure came before it began. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        // what follows (history, mail) sees the failure without the values an error text can quote
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, RedactedFailure.of(cause));
        if (run == null) {
            LOG.error("refresh failed before a run began: {}", cause == null ? "unknown cause" : RedactedFailure.scrub(cause.getMessage()));
            return;
        }
        run.failed(cause);
        cause = run.failure();
        lock.release(run);
        current.compareAndSet(run, null);
        LOG.error("run {}: {} in step {}: {}", run.id(), run.status(), run.failedStep(), cause == null ? "unknown" : cause.getMessage());
    }

    /** From now on no run begins, and a running one stops before its next step (see {@link StepGate}). */
    public void requestAbort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
            RunContext run = current.get();
            if (run != null) {
                LOG.warn("run {}: {}; aborting before the next step (now in step {})", run.id(), reason, run.currentStep());
            }
        }
    }

    public boolean abortRequested() {
        return abortReason != null;
    }

    public String abortReason() {
        return abortReason;
    }

    public RunContext current() {
        return current.get();
    }

    /** The most recent runs, oldest first. */
    public List<RunContext> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public RunContext last() {
        synchronized (recent) {
            return recent.isEmpty() ? null : recent.get(recent.size() - 1);
        }
    }
}
