package snapmask.cli;

import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.Snapmask;
import snapmask.run.RunContext;
import snapmask.run.RunLedger;
import snapmask.run.RunReport;

import java.io.PrintStream;
import java.util.Map;

/** One refresh, then exit: 0 when it succeeded, 1 when it failed (the failure mail went out as usual). */
public final class RunOnce {

    private static final Logger LOG = LoggerFactory.getLogger(RunOnce.class);

    private RunOnce() {
    }

    public static int run(Map<String, String> overrides, PrintStream out) {
        Main main = Snapmask.createWithoutSchedule(overrides);
        try {
            main.start();
            Exchange done = main.getCamelContext().createProducerTemplate().send("direct:refresh",
                    e -> e.getMessage().setHeader(RunLedger.TRIGGER_HEADER, "cli"));
            RunContext run = done.getProperty(RunContext.PROPERTY, RunContext.class);
            if (run == null) {
                out.println("snapmask: the refresh did not start: " + (done.getException() != null
                        ? done.getException().getMessage() : "see the log"));
                return 1;
            }
            if (done.getException() != null) {
                // the dead-letter channel itself failed; the run never got recorded as failed
                run.failed(done.getException());
                LOG.error("run {}: FAILED and could not be reported: {}", run.id(), done.getException().getMessage(),
                        done.getException());
            }
            out.println(RunReport.of(run));
            return run.status() == RunContext.Status.SUCCEEDED && done.getException() == null ? 0 : 1;
        } catch (Exception e) {
            LOG.error("snapmask could not start: {}", e.getMessage(), e);
            out.println("snapmask could not start: " + e.getMessage());
            return 1;
        } finally {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("stopping snapmask: {}", e.getMessage());
            }
        }
    }
}
