package snapmask.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.StepDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

/**
 * Makes the first thing a named {@code step} of the refresh route does throw, as if that step's own
 * work had failed: the step has started, so the run sees a failure in that step, and everything
 * after it (cleanup, history, mail) runs as it would for a real fault. {@link #at(String)} chooses the
 * step of the next run; null injects nothing.
 */
public final class FaultInjection implements InterceptStrategy {

    public static final String MESSAGE = "fault injected by the test in step ";

    private volatile String step;
    private volatile String beanCall;
    private volatile Runnable beforeBeanCall;

    public void at(String step) {
        this.step = step;
    }

    /** Runs {@code action} just before the route calls {@code ref}'s {@code method}, as something outside the run would. */
    public void before(String ref, String method, Runnable action) {
        this.beanCall = ref + "." + method;
        this.beforeBeanCall = action;
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor next) {
        if (definition instanceof BeanDefinition bean) {
            String call = bean.getRef() + "." + bean.getMethod();
            Processor called = target;
            target = new DelegateAsyncProcessor(called) {
                @Override
                public boolean process(org.apache.camel.Exchange exchange, org.apache.camel.AsyncCallback callback) {
                    if (call.equals(beanCall)) {
                        beforeBeanCall.run();
                    }
                    return super.process(exchange, callback);
                }
            };
        }
        if (!(definition instanceof ProcessorDefinition<?> child) || !(child.getParent() instanceof StepDefinition parent)
                || parent.getOutputs().indexOf(child) != 0) {
            return target;
        }
        String id = parent.getId();
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(org.apache.camel.Exchange exchange, org.apache.camel.AsyncCallback callback) {
                if (id.equals(step)) {
                    exchange.setException(new IllegalStateException(MESSAGE + id));
                    callback.done(true);
                    return true;
                }
                return super.process(exchange, callback);
            }
        };
    }
}
