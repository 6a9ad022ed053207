package snapmask.ops;

/**
 * The job as ops see it in jconsole or over a JMX connector, as {@code snapmask:type=RefreshJob}.
 * Times are ISO-8601 UTC; an empty string means "none yet".
 */
public interface RefreshJobMXBean {

    /** "idle", or "running run <id>, step <step>". */
    String getStatus();

    String getCurrentStep();

    String getLastRunId();

    String getLastRunStart();

    String getLastRunEnd();

    /** SUCCEEDED, FAILED, ABORTED or ABANDONED. */
    String getLastRunResult();

    String getLastRunFailedStep();

    long getLastRunRows();

    /** When the schedule fires next, or why it will not. */
    String getNextFireTime();

    /** Starts a refresh now and returns its run id; refused while a run is going. */
    String runNow();
}
