package snapmask.run;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the history records of a finished run: its row in {@code runs}, its step times, warnings and
 * rows per table. A plain value, so that an end the analytics server did not take can wait on disk
 * (as JSON) and be written by whichever process of the install finds the server answering again.
 * Times are epoch milliseconds; it carries no personal value (the error is already redacted).
 */
public record RunEnd(String runId, String trigger, long startedMillis, long endedMillis, String status, String failedStep,
                     String error, String snapshotId, String temporaryCopy, long durationMillis, Long rowsLoaded,
                     Map<String, Long> stepMillis, List<String> warnings, Map<String, Long> rowsPerTable) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_KEPT = 4000;

    /** The end of a run that has ended (its status is no longer RUNNING). */
    public static RunEnd of(RunContext run) {
        Map<String, Long> steps = new LinkedHashMap<>();
        run.stepTimes().forEach((step, time) -> steps.put(step, time.toMillis()));
        Map<String, Long> rows = run.rowsPerTable();
        return new RunEnd(run.id(), run.trigger(), run.started().toEpochMilli(), run.ended().toEpochMilli(),
                run.status().name(), run.failedStep(), kept(run.failure()), run.snapshot() == null ? null : run.snapshot().id(),
                run.copy() == null ? null : run.copy().toString(), run.duration().toMillis(), rows.isEmpty() ? null : run.rowsLoaded(),
                steps, run.notes().stream().filter(n -> n.startsWith(RunContext.WARNING))
                        .map(n -> kept(n.substring(RunContext.WARNING.length()))).toList(), rows);
    }

    public Duration duration() {
        return Duration.ofMillis(durationMillis);
    }

    void writeTo(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        JSON.writeValue(partial.toFile(), this);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static RunEnd readFrom(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunEnd.class);
    }

    private static String kept(Throwable failure) {
        return failure == null ? null : kept(failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
    }

    private static String kept(String message) {
        return message.length() <= ERROR_KEPT ? message : message.substring(0, ERROR_KEPT) + "...";
    }
}
