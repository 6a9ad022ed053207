package snapmask.step;

import java.util.List;

/**
 * What a step tells the run's record as it works, for the report, the history and the failure
 * mail: its notes (a warning starts with {@link #WARNING}), the masked columns with samples, what
 * it cleaned up or could not. The steps of mask, load, kpi and the local source take it as the
 * exchange property {@link #PROPERTY}; they hand each other their results as the route's
 * variables, never through it. The run's record ({@code snapmask.run.RunContext}) implements it.
 */
public interface RunNotes {

    String PROPERTY = "snapmaskRun";
    /** A note that starts with this is a warning: the run went on, ops should look (history table run_warnings). */
    String WARNING = "WARNING: ";

    /** The run's id, for the steps' log lines. */
    String id();

    void note(String what);

    void masked(String tableColumn, List<String> samples);

    void cleanedUp(String what);

    void cleanupFailed(String what);
}
