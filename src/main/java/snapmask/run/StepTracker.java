package snapmask.run;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.StepEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code step} blocks of the refresh route: which step is running, how long each took,
 * and which one failed. Camel forgets the step id once a step ends, but the failure mail needs it.
 */
public class StepTracker extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(StepTracker.class);

    public StepTracker() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeEvents(false);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        setIgnoreStepEvents(false);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof StepEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        StepEvent step = (StepEvent) event;
        RunContext run = step.getExchange().getProperty(RunContext.PROPERTY, RunContext.class);
        if (run == null) {
            return;
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
                LOG.error("run {}: step {} FAILED", run.id(), step.getStepId());
            }
            default -> { }
        }
    }
}
