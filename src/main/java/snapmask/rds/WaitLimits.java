package snapmask.rds;

import snapmask.source.SourceException;
import snapmask.step.RunAbortedException;
import snapmask.step.RunNotes;
import snapmask.step.StopRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * When a wait of the rds and aurora sources (routes/rds-wait.camel.yaml) gives up: past the
 * deadline its caller set, or at once when the run is to stop (snapmask stopping, or ops stopping
 * its routes), with that reason.
 */
final class WaitLimits {

    private final RdsSettings settings;
    private final Clock clock;
    private final StopRequest stop;

    WaitLimits(RdsSettings settings, Clock clock, StopRequest stop) {
        this.settings = settings;
        this.clock = clock;
        this.stop = stop;
    }

    Instant now() {
        return clock.instant();
    }

    /** snapmask.rds.ready-timeout-s from now. */
    Instant readyBy() {
        return clock.instant().plus(settings.readyTimeout());
    }

    /** snapmask.snapshot.timeout-s from now. */
    Instant snapshotBy() {
        return clock.instant().plus(settings.snapshotTimeout());
    }

    /** Past {@code readyBy}, the wait for {@code id} fails, saying its {@code state}; when the run is to stop, it is aborted. */
    void requireWaiting(RunNotes run, String id, Instant readyBy, String state) {
        if (clock.instant().isAfter(readyBy)) {
            throw new SourceException("RDS instance " + id + " was not ready within " + settings.readyTimeout().toMinutes()
                    + " min (" + settings.readyTimeout().toSeconds() + " s, snapmask.rds.ready-timeout-s); it " + state, null);
        }
        giveUpIfStopping(run, id);
    }

    /** The run is to stop: a wait for {@code what} gives up, with the reason. */
    void giveUpIfStopping(RunNotes run, String what) {
        Optional<String> why = stop.reason();
        if (why.isPresent()) {
            throw new RunAbortedException(why.get() + "; run " + run.id() + " gives up waiting for " + what);
        }
    }

    boolean stopping() {
        return stop.reason().isPresent();
    }
}
