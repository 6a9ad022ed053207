package snapmask.run;

import org.apache.camel.util.ObjectHelper;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.step.RedactedFailure;
import snapmask.step.RunAbortedException;
import snapmask.step.RunNotes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything one refresh learns on its way: the run id, the snapshot and the temporary copy, the
 * time of each step, what was masked and loaded, and how the cleanup went. It travels with the
 * exchange as the property {@link #PROPERTY}; the report and the failure mail are written from it.
 */
public final class RunContext implements RunNotes {

    public static final String PROPERTY = RunNotes.PROPERTY;
    /** A note that starts with this is a warning: the run went on, ops should look (history table run_warnings). */
    public static final String WARNING = RunNotes.WARNING;

    /** SKIPPED: another refresh into the same analytics database was running, so this one did nothing. */
    public enum Status { RUNNING, SUCCEEDED, FAILED, ABORTED, SKIPPED }

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String id;
    private final String trigger;
    private final Clock clock;
    private final Instant started;
    private final Map<String, Duration> stepTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Long> rowsPerTable = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> maskedColumns = new ArrayList<>();
    private final Map<String, List<String>> maskedSamples = new LinkedHashMap<>();
    private final List<String> cleanup = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private volatile Instant ended;
    private volatile Status status = Status.RUNNING;
    private volatile String currentStep;
    private volatile Instant currentStepStarted;
    private volatile String failedStep;
    private volatile Throwable failure;
    private volatile boolean cleanupFailed;
    private volatile Snapshot snapshot;
    private volatile RestoredCopy copy;
    private volatile String copyKept;
    private volatile String abortedBecause;

    public RunContext(String trigger, Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        this.id = ID_TIME.format(started) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        this.trigger = trigger;
    }

    /** Run ids are lower-case letters, digits and '-', so they fit database and RDS instance names. */
    @Override
    public String id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    public Instant started() {
        return started;
    }

    public Instant ended() {
        return ended;
    }

    public Status status() {
        return status;
    }

    public void stepStarted(String step) {
        currentStep = step;
        currentStepStarted = clock.instant();
    }

    public void stepEnded(String step, boolean failed) {
        if (step.equals(currentStep) && currentStepStarted != null) {
            stepTimes.put(step, Duration.between(currentStepStarted, clock.instant()));
        }
        if (failed && failedStep == null) {
            failedStep = step;
        }
        currentStep = null;
    }

    public String currentStep() {
        return currentStep;
    }

    /** The first step that failed, or null when the failure happened outside any step. */
    public String failedStep() {
        return failedStep;
    }

    public Map<String, Duration> stepTimes() {
        synchronized (stepTimes) {
            return new LinkedHashMap<>(stepTimes);
        }
    }

    public void succeeded() {
        status = Status.SUCCEEDED;
        ended = clock.instant();
    }

    public void failed(Throwable cause) {
        if (status != Status.RUNNING) {
            return;
        }
        status = ObjectHelper.getException(RunAbortedException.class, cause) != null ? Status.ABORTED : Status.FAILED;
        failure = RedactedFailure.of(cause);
        ended = clock.instant();
    }

    /**
     * Ops stopped the run ({@code because}, e.g. "snapmask was stopped"): it ends ABORTED before its
     * next step ({@link StepGate}). The first reason given is the one kept.
     */
    public void abort(String because) {
        if (abortedBecause == null) {
            abortedBecause = because;
        }
    }

    /** Why ops stopped the run, or null while nobody asked it to stop. */
    public String abortedBecause() {
        return abortedBecause;
    }

    public void skipped(Throwable why) {
        status = Status.SKIPPED;
        failure = RedactedFailure.of(why);
        ended = clock.instant();
    }

    /** Why the run failed or was skipped, with quoted values cut out of every message (see {@link RedactedFailure}). */
    public Throwable failure() {
        return failure;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public void snapshot(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** What the run restored, for its report and its cleanup (set before the copy exists, so a half-made one is removed too). */
    public RestoredCopy copy() {
        return copy;
    }

    public void copy(RestoredCopy copy) {
        this.copy = copy;
    }

    /** The copy is no longer temporary (promoted to analytics): the drop leaves it, and says why. */
    public void keepCopy(String why) {
        this.copyKept = why;
    }

    /** Why the drop leaves the copy; null when it is temporary, as it is unless a run promotes it. */
    public String copyKept() {
        return copyKept;
    }

    public void rows(String table, long rows) {
        rowsPerTable.put(table, rows);
    }

    public Map<String, Long> rowsPerTable() {
        synchronized (rowsPerTable) {
            return new LinkedHashMap<>(rowsPerTable);
        }
    }

    /** All rows loaded, over all tables. */
    public long rowsLoaded() {
        return rowsPerTable().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public synchronized void masked(String tableColumn, List<String> samples) {
        maskedColumns.add(tableColumn);
        maskedSamples.put(tableColumn, List.copyOf(samples));
    }

    public synchronized List<String> maskedColumns() {
        return List.copyOf(maskedColumns);
    }

    public synchronized Map<String, List<String>> maskedSamples() {
        return new LinkedHashMap<>(maskedSamples);
    }

    /** Something the run did differently from a plain copy, for the report: a translated definition, a fallback. */
    @Override
    public synchronized void note(String what) {
        if (!notes.contains(what)) {
            notes.add(what);
        }
    }

    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public synchronized void cleanedUp(String what) {
        cleanup.add(what);
    }

    @Override
    public synchronized void cleanupFailed(String what) {
        cleanup.add("NOT CLEANED UP: " + what);
        cleanupFailed = true;
    }

    public synchronized List<String> cleanup() {
        return List.copyOf(cleanup);
    }

    public boolean isCleanupFailed() {
        return cleanupFailed;
    }

    public Duration duration() {
        return Duration.between(started, ended == null ? clock.instant() : ended);
    }
}
