package snapmask.cli;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RedactedFailure;
import snapmask.run.RunContext;
import snapmask.run.RunLedger;
import snapmask.run.RunReport;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Map;

/** One refresh, then exit: 0 when it succeeded, 1 when it failed (the failure mail went out as usual). */
public final class RunOnce {

    private static final Logger LOG = LoggerFactory.getLogger(RunOnce.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofMinutes(5);
    /** Exit code of a run that did nothing because another refresh into the same analytics database was running. */
    static final int SKIPPED = 3;

    private RunOnce() {
    }

    /**
     * SIGTERM during a run: ask the run to stop at its next step and wait until it has dropped its
     * copy and recorded itself, because the JVM halts as soon as this hook returns.
     */
    private static void abortAndWait(RunLedger ledger, CountDownLatch finished) {
        if (ledger == null) {
            return;
        }
        ledger.requestAbort("snapmask received a stop signal (SIGTERM)");
        try {
            if (!finished.await(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.error("the run did not end within {} s of the stop signal; its temporary copy may be left for the next run's sweep",
                        SHUTDOWN_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int run(Map<String, String> overrides, PrintStream out) throws Exception {
        Application app;
        try {
            app = Application.start(overrides);
        } catch (Exception e) {
            if (Commands.configurationProblem(e) != null) {
                throw e;
            }
            LOG.error("snapmask could not start: {}", e.getMessage(), e);
            out.println("snapmask could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread onSigterm = new Thread(() -> abortAndWait(app.bean(RunLedger.class), finished), "snapmask-sigterm");
        try (app) {
            Runtime.getRuntime().addShutdownHook(onSigterm);
            Exchange done = app.camel().createProducerTemplate().send("direct:refresh",
                    e -> e.getMessage().setHeader(RunLedger.TRIGGER_HEADER, "cli"));
            finished.countDown();
            // a run-once may end before the outbox timer's first tick: the mails SMTP refused before go now
            app.camel().createProducerTemplate().send("direct:send-kept-mails", e -> { });
            RunContext run = done.getProperty(RunContext.PROPERTY, RunContext.class);
            if (run == null) {
                out.println("snapmask: the refresh did not start: " + (done.getException() != null
                        ? RedactedFailure.scrub(done.getException().getMessage()) : "see the log"));
                return 1;
            }
            if (done.getException() != null) {
                // the dead-letter channel itself failed: no mail went out (the run is recorded failed all the same)
                LOG.error("run {}: FAILED and could not be reported: {}", run.id(), run.failure().getMessage(), run.failure());
            }
            out.println(RunReport.of(run));
            if (run.status() == RunContext.Status.SKIPPED) {
                return SKIPPED;
            }
            return run.status() == RunContext.Status.SUCCEEDED && done.getException() == null ? 0 : 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSigterm);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already going down; the hook is running
            }
        }
    }
}
