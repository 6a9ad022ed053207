package snapmask.ops;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import snapmask.step.RedactedFailure;
import snapmask.run.RunContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the e-mail that tells ops a refresh failed says: the subject says job, FAILED and step; the
 * body what failed, why (with the root cause), what was cleaned up or left behind, and where the logs
 * are. A copy that could not be removed goes first: it is the one thing that costs money until
 * someone acts. The text is laid out by the template snapmask/mail/failure.txt in the route.
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

    /**
     * What the failure mail says, as the values routes/alerts.camel.yaml puts into the template
     * snapmask/mail/failure.txt: {@code subject} and the body's parts; a part that does not apply is
     * empty, and a part that is whole lines ends with a line break.
     */
    public Map<String, String> facts(Exchange exchange) {
        RunContext run = exchange.getProperty(RunContext.PROPERTY, RunContext.class);
        Throwable cause = RedactedFailure.of(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        String step = run == null ? "start" : run.failedStep() == null ? "refresh" : run.failedStep();
        Map<String, String> mail = new LinkedHashMap<>();
        mail.put("subject", job + (aborted(run) ? ": ABORTED before step " + step + " (" + abortedBecause(run) + ")" : ": FAILED in step " + step)
                + (run != null && run.isCleanupFailed() ? " (temporary copy NOT removed)" : ""));
        List<String> cleanup = run == null ? List.of() : run.cleanup();
        List<String> notCleaned = cleanup.stream().filter(l -> l.startsWith("NOT CLEANED UP")).toList();
        // what costs money until someone acts goes first
        mail.put("actionNeeded", notCleaned.stream().map(l -> "ACTION NEEDED: " + l + "\n\n").collect(Collectors.joining()));
        boolean loaded = run != null && run.stepTimes().containsKey("swap") && !"swap".equals(run.failedStep());
        mail.put("headline", job + (aborted(run) ? " was aborted because " + abortedBecause(run) + "; the next run starts afresh." : " failed.")
                + (loaded ? " The swap had completed: the analytics database holds this run's data."
                : " The analytics database still holds the data of the last successful run."));
        mail.put("run", run == null ? "(not started)" : run.id());
        mail.put("runStarted", run == null ? "" : "Trigger:    " + run.trigger() + "\nStarted:    " + run.started() + "\n");
        mail.put("step", step);
        mail.put("cause", cause == null ? "unknown" : cause.getMessage());
        Throwable root = rootCause(cause);
        mail.put("rootCause", root == null || root == cause ? "" : "Root cause: "
                + (root instanceof RedactedFailure r ? r.type() : root.getClass().getSimpleName()) + ": " + root.getMessage() + "\n");
        mail.put("snapshot", run == null || run.snapshot() == null ? "" : "Snapshot:   " + run.snapshot().id() + "\n");
        mail.put("temporary", run == null || run.copy() == null ? "" : "Temporary:  " + run.copy() + "\n");
        List<String> done = new ArrayList<>(cleanup);
        done.removeAll(notCleaned);
        done.addAll(notCleaned);
        mail.put("cleanup", done.isEmpty() ? "  nothing to clean up\n" : done.stream().map(l -> "  " + l + "\n").collect(Collectors.joining()));
        mail.put("logs", logs);
        mail.put("stackTrace", cause == null ? "" : "\n-- stack trace --\n" + stackTrace(cause));
        return mail;
    }

    /**
     * What the mail says when checks before the swap warned (action warn): the run swapped all the
     * same, as routes/alerts.camel.yaml lays it out with snapmask/mail/warning.txt.
     */
    public Map<String, String> warnings(@ExchangeProperty(RunContext.PROPERTY) RunContext run,
                                        @Variable("checkWarnings") List<String> warnings) {
        Map<String, String> mail = new LinkedHashMap<>();
        mail.put("subject", job + ": WARNING, " + warnings.size() + " check(s) before the swap warned; the data was swapped");
        mail.put("headline", job + " swapped tonight's data into analytics, but " + warnings.size() + " check(s) before the swap"
                + " warned: the dashboards show numbers that changed more than expected.");
        mail.put("run", run.id());
        mail.put("trigger", run.trigger());
        mail.put("snapshot", run.snapshot() == null ? "" : "Snapshot:   " + run.snapshot().id() + " (" + run.snapshot().createdAt() + ")\n");
        mail.put("warnings", warnings.stream().map(w -> "  - " + w + "\n").collect(Collectors.joining()));
        mail.put("logs", logs);
        return mail;
    }

    private static String stackTrace(Throwable cause) {
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private static String abortedBecause(RunContext run) {
        return run.abortedBecause() == null ? "snapmask was stopped" : run.abortedBecause();
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
