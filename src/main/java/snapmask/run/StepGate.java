package snapmask.run;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.StepDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

import snapmask.step.RunAbortedException;

/**
 * The safe points of a run: before each {@code step} of the refresh route. Once snapmask has been
 * asked to stop, the next step does not begin; the run fails as aborted and the route's doFinally
 * still drops the temporary copy, which is why drop-copy itself is never held back.
 */
public class StepGate implements InterceptStrategy {

    static final String ALWAYS_RUNS = "drop-copy";

    private final RunLedger ledger;

    public StepGate(RunLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor next) {
        if (!(definition instanceof StepDefinition step) || ALWAYS_RUNS.equals(step.getId())) {
            return target;
        }
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(org.apache.camel.Exchange exchange, org.apache.camel.AsyncCallback callback) {
                RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
                java.util.Optional<String> reason = run == null ? java.util.Optional.empty() : ledger.stopReason();
                if (reason.isPresent()) {
                    // a run that began as snapmask started stopping has no reason of its own yet
                    run.abort(RunLedger.STOPPING);
                    run.stepEnded(step.getId(), true);
                    exchange.setException(new RunAbortedException(reason.get() + ": run " + run.id() + " aborted before step " + step.getId()));
                    callback.done(true);
                    return true;
                }
                return super.process(exchange, callback);
            }
        };
    }
}
