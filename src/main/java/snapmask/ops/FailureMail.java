package snapmask.ops;

import org.apache.camel.Exchange;
import snapmask.run.RedactedFailure;
import snapmask.run.RunContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the e-mail that tells ops a refresh failed: the subject says job, FAILED and step; the body
 * what failed, why (with the root cause), what was cleaned up or left behind, and where the logs are.
 * A copy that could not be removed goes first: it is the one thing that costs money until someone acts.
 */
public class FailureMail {

    private final String job;
    private final String logs;

    public FailureMail(String job, String logs) {
        this.job = job;
        this.logs = logs;
    }

    /** The file the log configuration in use writes (log4j2.properties or log4j2-json.properties). */
    public static String logFile() {
        String dir = System.getProperty("snapmask.log.dir", "logs");
        String configuration = System.getProperty("log4j2.configurationFile", "");
        return dir + (configuration.contains("json") ? "/snapmask.json" : "/snapmask.log");
    }

    public void compose(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        Throwable cause = RedactedFailure.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String step = run == null ? "start" : run.failedStep() == null ? "refresh" : run.failedStep();
        exchange.getMessage().setHeader("Subject", job + (aborted(run) ? ": ABORTED before step " + step + " (snapmask was stopped)"
                : ": FAILED in step " + step)
                + (run != null && run.isCleanupFailed() ? " (temporary copy NOT removed)" : ""));
        exchange.getMessage().setBody(body(run, step, cause));
    }

    String body(RunContext run, String step, Throwable cause) {
        StringBuilder b = new StringBuilder();
        List<String> cleanup = run == null ? List.of() : run.cleanup();
        List<String> notCleaned = cleanup.stream().filter(l -> l.startsWith("NOT CLEANED UP")).toList();
        for (String line : notCleaned) {
            b.append("ACTION NEEDED: ").append(line).append("\n\n");
        }
        boolean loaded = run != null && run.stepTimes().containsKey("load") && !"load".equals(run.failedStep());
        b.append(job).append(aborted(run) ? " was aborted because snapmask was stopped; the next run starts afresh." : " failed.")
                .append(loaded ? " The load had completed: the analytics database holds this run's data.\n\n"
                        : " The analytics database still holds the data of the last successful run.\n\n");
        b.append("Run:        ").append(run == null ? "(not started)" : run.id()).append('\n');
        if (run != null) {
            b.append("Trigger:    ").append(run.trigger()).append('\n');
            b.append("Started:    ").append(run.started()).append('\n');
        }
        b.append("Step:       ").append(step).append('\n');
        b.append("Cause:      ").append(cause == null ? "unknown" : cause.getMessage()).append('\n');
        Throwable root = rootCause(cause);
        if (root != null && root != cause) {
            b.append("Root cause: ").append(root instanceof RedactedFailure r ? r.type() : root.getClass().getSimpleName()).append(": ")
                    .append(root.getMessage()).append('\n');
        }
        if (run != null && run.snapshot() != null) {
            b.append("Snapshot:   ").append(run.snapshot().id()).append('\n');
        }
        if (run != null && run.copy() != null) {
            b.append("Temporary:  ").append(run.copy()).append('\n');
        }
        b.append("\nCleanup:\n");
        List<String> done = new ArrayList<>(cleanup);
        done.removeAll(notCleaned);
        if (done.isEmpty() && notCleaned.isEmpty()) {
            b.append("  nothing to clean up\n");
        }
        done.forEach(l -> b.append("  ").append(l).append('\n'));
        notCleaned.forEach(l -> b.append("  ").append(l).append('\n'));
        b.append("\nLogs: ").append(logs).append(" (search for the run id)\n");
        b.append("What to do: docs/runbook.md, section \"A refresh failed\".\n");
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            b.append("\n-- stack trace --\n").append(trace);
        }
        return b.toString();
    }

    private static boolean aborted(RunContext run) {
        return run != null && run.status() == RunContext.Status.ABORTED;
    }

    public static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
