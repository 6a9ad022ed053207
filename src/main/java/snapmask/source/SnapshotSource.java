package snapmask.source;

import snapmask.run.RunContext;

/**
 * Where production copies come from. The refresh route calls these steps in order; {@link #drop}
 * runs always, also after a failure, and must not throw: it records what it could not remove in
 * the run so the failure mail can say so.
 */
public interface SnapshotSource {

    /** Removes temporary copies that earlier runs left behind (a crash, a kill -9). */
    void sweepLeftovers(RunContext run);

    void findSnapshot(RunContext run);

    void restore(RunContext run);

    void awaitReady(RunContext run);

    void drop(RunContext run);

    /**
     * For {@code snapmask check}: finds what a run would start from, changing nothing; this also
     * proves the credentials and the names in the configuration. Throws what a run would throw.
     */
    default String check() {
        RunContext probe = new RunContext("check");
        findSnapshot(probe);
        Snapshot snapshot = probe.snapshot();
        return "a run would start from " + snapshot.id() + " of " + snapshot.sourceName() + " (" + snapshot.createdAt() + ")";
    }
}
