package snapmask.run;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import snapmask.step.RunAbortedException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens and closes runs: hands out the run id, refuses a second run while one is going, and keeps
 * the recent runs for the report, JMX and the tests.
 */
public class RunLedger {

    /** Header that says who asked for a run: schedule (default), cli, jmx. */
    public static final String TRIGGER_HEADER = "snapmaskTrigger";
    /** Exchange property a trigger may set: a future the lock step completes with the run once it holds the lock. */
    public static final String LOCKED = "snapmaskLocked";
    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
    private static final int KEPT = 50;
    /** Why a run was aborted when snapmask itself stops (as the failure mail's subject says it). */
    static final String STOPPING = "snapmask was stopped";

    private final AtomicReference<RunContext> current = new AtomicReference<>();
    private final RunLock lock;
    private volatile String abortReason;
    private final List<RunContext> recent = new ArrayList<>();

    private final java.time.Clock clock;

    public RunLedger(RunLock lock, java.time.Clock clock) {
        this.lock = lock;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        if (abortReason != null) {
            throw new RunAbortedException("refresh not started: " + abortReason);
        }
        RunContext run = new RunContext(exchange.getMessage().getHeader(TRIGGER_HEADER, "schedule", String.class), clock);
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
     * failure also stops a run whose analytics server is down before anything is restored. Another
     * process holding the lock makes this run SKIPPED: not mailed, the run that holds it reports itself.
     */
    @SuppressWarnings("unchecked")
    public void lock(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        try {
            lock.acquire(run);
            CompletableFuture<?> locked = exchange.getProperty(LOCKED, CompletableFuture.class);
            if (locked != null) {
                ((CompletableFuture<RunContext>) locked).complete(run);
            }
        } catch (RunInProgressException e) {
            run.skipped(e);
            throw e;
        }
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

    /** The run is over, however it went ({@link RunLifecycle}): the lock is free and another run may begin. */
    void ended(RunContext run) {
        lock.release(run);
        current.compareAndSet(run, null);
        switch (run.status()) {
            case SUCCEEDED -> LOG.info("run {}: SUCCEEDED in {} s: {} tables, {} rows loaded; masked {}", run.id(),
                    run.duration().toMillis() / 1000.0, run.rowsPerTable().size(), run.rowsLoaded(), String.join(", ", run.maskedColumns()));
            case SKIPPED -> LOG.warn("run {}: SKIPPED: {}", run.id(), run.failure().getMessage());
            default -> LOG.error("run {}: {} in step {}: {}", run.id(), run.status(), run.failedStep(),
                    run.failure() == null ? "unknown" : run.failure().getMessage());
        }
    }

    /** From now on no run begins, and a running one stops before its next step (see {@link StepGate}). */
    public void requestAbort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
            abortRun(reason, STOPPING);
        }
    }

    /**
     * The run going (if any) stops before its next step, {@code because} (what the failure mail's
     * subject says); later runs begin as usual. For a stop of the refresh routes while snapmask runs on.
     */
    public void abortRun(String reason, String because) {
        RunContext run = current.get();
        if (run != null && run.abortedBecause() == null) {
            run.abort(because);
            LOG.warn("run {}: {}; aborting before the next step (now in step {})", run.id(), reason, run.currentStep());
        }
    }

    /** Whether the run going should stop: snapmask is stopping, or ops stopped the run. */
    public boolean abortRequested() {
        return stopReason().isPresent();
    }

    /** Why the run going is to stop (snapmask stopping, or ops stopping its routes); empty while it goes on. */
    public java.util.Optional<String> stopReason() {
        RunContext run = current.get();
        return java.util.Optional.ofNullable(abortReason != null ? abortReason : run == null ? null : run.abortedBecause());
    }

    /** Why snapmask is stopping, or null while it runs on. */
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
