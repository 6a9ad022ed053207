package snapmask.run;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * When Camel begins to stop (SIGTERM, JMX, end of run-once), a running refresh is asked to abort
 * at its next safe point, so the graceful shutdown waits for a short cleanup, not a whole run.
 */
public class AbortOnStop extends EventNotifierSupport {

    private final RunLedger ledger;

    public AbortOnStop(RunLedger ledger) {
        this.ledger = ledger;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        ledger.requestAbort("snapmask is stopping");
    }
}
