package snapmask.run;

import org.apache.camel.Exchange;
import org.apache.camel.util.ObjectHelper;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailureHandlingEvent;
import org.apache.camel.spi.CamelEvent.StepEvent;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import snapmask.step.RunAbortedException;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;

import java.util.Map;

/**
 * The frame of every run, so that the refresh route carries only the job's steps: a run begins
 * when an exchange enters the route (this is the route's policy) and ends when the exchange is
 * done, whatever the steps did; the ledger, the history and the watch hear of both here. On the
 * way, {@link #events()} follows the run: each step's start and end, the failure the moment the
 * dead-letter channel takes it (before the failure mail is composed, whose own catch would hide
 * it), and Camel beginning to stop, which asks the run to abort at its next step ({@link StepGate});
 * a stop of one of the run's routes does the same ({@link RunShutdownStrategy}).
 * <p>
 * Not a Camel service on purpose: Camel skips the policies that are services once the route stops,
 * and the end of a run that a stop cut short is the one ops most need recorded.
 */
public class RunLifecycle implements RoutePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

    private final RunLedger ledger;
    private final RunHistory history;
    private final RunMetrics metrics;
    private final Runnable onSuccess;

    public RunLifecycle(RunLedger ledger, RunHistory history, RunMetrics metrics, Runnable onSuccess) {
        this.ledger = ledger;
        this.history = history;
        this.metrics = metrics;
        this.onSuccess = onSuccess;
    }

    /**
     * A run begins, or is refused: another run is going in this process (no mail: that run reports
     * itself), or snapmask is stopping. A refusal is the exchange's failure, handled like any other.
     */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        try {
            ledger.begin(exchange);
        } catch (RunInProgressException | RunAbortedException refused) {
            LOG.warn("{}", refused.getMessage());
            exchange.setException(refused);
            return;
        }
        history.started(exchange.getProperty(RunContext.PROPERTY, RunContext.class));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                end(done);
            }
        });
    }

    private void end(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        if (run.status() == RunContext.Status.RUNNING) {
            if (exchange.getException() == null) {
                run.succeeded();
            } else {
                // the dead-letter channel itself failed: the run did not get to the failure mail
                run.failed(exchange.getException());
            }
        }
        ledger.ended(run);
        history.finished(run);
        metrics.ended(run);
        if (run.status() == RunContext.Status.SUCCEEDED) {
            onSuccess.run();
        }
    }

    /** What Camel tells about a run while it goes: steps, the failure, the stop. Registered with the context. */
    public EventNotifier events() {
        return new Events();
    }

    private final class Events extends EventNotifierSupport {

        Events() {
            setIgnoreCamelContextEvents(false);
            setIgnoreRouteEvents(true);
            setIgnoreServiceEvents(true);
            setIgnoreExchangeEvents(false);
            setIgnoreExchangeCreatedEvent(true);
            setIgnoreExchangeCompletedEvent(true);
            setIgnoreExchangeFailedEvents(false);
            setIgnoreExchangeRedeliveryEvents(true);
            setIgnoreExchangeSendingEvents(true);
            setIgnoreExchangeSentEvents(true);
            setIgnoreExchangeAsyncProcessingStartedEvents(true);
            setIgnoreStepEvents(false);
        }

        @Override
        public boolean isEnabled(CamelEvent event) {
            return event instanceof StepEvent || event instanceof CamelEvent.CamelContextStoppingEvent
                    || event instanceof ExchangeFailureHandlingEvent failure && failure.isDeadLetterChannel();
        }

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                ledger.requestAbort("snapmask is stopping");
                return;
            }
            Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
            RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
            if (run == null) {
                return;
            }
            if (event instanceof ExchangeFailureHandlingEvent) {
                run.failed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
                return;
            }
            StepEvent step = (StepEvent) event;
            if (event.getType() != CamelEvent.Type.StepStarted) {
                recordHandOffs(run, exchange);
            }
            switch (event.getType()) {
                case StepStarted -> {
                    run.stepStarted(step.getStepId());
                    LOG.info("run {}: step {} started", run.id(), step.getStepId());
                }
                case StepCompleted -> {
                    run.stepEnded(step.getStepId(), false);
                    LOG.info("run {}: step {} done in {} ms", run.id(), step.getStepId(),
                            run.stepTimes().get(step.getStepId()).toMillis());
                }
                case StepFailed -> {
                    run.stepEnded(step.getStepId(), true);
                    if (ObjectHelper.getException(RunInProgressException.class, exchange.getException()) != null) {
                        // another refresh holds the lock: a skip, which the route logs as one; nothing for log alerting
                        LOG.info("run {}: step {} found another refresh running", run.id(), step.getStepId());
                    } else {
                        LOG.error("run {}: step {} FAILED", run.id(), step.getStepId());
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * What the steps hand each other that the run's record shows (report, mail, history): the
     * snapshot, the temporary copy (and why it is kept, once promoted) and the rows swapped into
     * analytics, read from the route's variables as each step ends, so that a copy named before a
     * failed restore is reported too.
     */
    private static void recordHandOffs(RunContext run, Exchange exchange) {
        Snapshot snapshot = exchange.getVariable("snapshot", Snapshot.class);
        if (snapshot != null) {
            run.snapshot(snapshot);
        }
        RestoredCopy copy = exchange.getVariable("copy", RestoredCopy.class);
        if (copy != null) {
            run.copy(copy);
        }
        String kept = exchange.getVariable("copyKept", String.class);
        if (kept != null) {
            run.keepCopy(kept);
        }
        @SuppressWarnings("unchecked")
        Map<String, Long> swapped = exchange.getVariable("swapped", Map.class);
        if (swapped != null) {
            swapped.forEach(run::rows);
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        // not called while Camel stops: the run ends in the exchange's completion instead
    }

    @Override
    public void onInit(Route route) {
    }

    @Override
    public void onRemove(Route route) {
    }

    @Override
    public void onStart(Route route) {
    }

    @Override
    public void onStop(Route route) {
    }

    @Override
    public void onSuspend(Route route) {
    }

    @Override
    public void onResume(Route route) {
    }
}
