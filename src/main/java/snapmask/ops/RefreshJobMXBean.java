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

    /** SUCCEEDED, FAILED, ABORTED or ABANDONED (a skipped run does not count). */
    String getLastRunResult();

    String getLastRunFailedStep();

    long getLastRunRows();

    /** When the schedule fires next, or why it will not. */
    String getNextFireTime();

    /** "active", "paused" (by ops over JMX, until resumeSchedule or a restart) or "off: ..." (route stopped or disabled). */
    String getSchedule();

    /** The nightly run stops firing; returns at once, and a run already going finishes. */
    String pauseSchedule();

    String resumeSchedule();

    /** Starts a refresh now and returns its run id; refused while a run is going. */
    String runNow();
}
