package snapmask.source;

import snapmask.run.RunContext;

/**
 * Where production copies come from, as a bean: the source's routes (routes/source-*.camel.yaml)
 * call these steps in order; {@link #drop} runs always, also after a failure, and must not throw:
 * it records what it could not remove in the run so the failure mail can say so. A source whose
 * steps are routes of endpoint calls (rds) has a bean of its own shape instead.
 */
public interface SnapshotSource {

    /** Removes temporary copies that earlier runs left behind (a crash, a kill -9). */
    void sweepLeftovers(RunContext run);

    void findSnapshot(RunContext run);

    void restore(RunContext run);

    void awaitReady(RunContext run);

    void drop(RunContext run);
}
