package snapmask.watch;

import java.time.Instant;

/**
 * What the watch remembers about one target between checks and across restarts: the failures in
 * a row, whether it is down and since when, and which mail is still owed to ops.
 */
final class TargetState {

    /** The mail a target owes ops; cleared only once SMTP accepted it, so none is lost or sent twice. */
    enum Pending { NONE, DOWN, REMINDER, RECOVERED }

    int failures;
    Instant firstFailureAt;
    Instant startingSince;
    boolean down;
    Instant downSince;
    Instant recoveredAt;
    Instant lastMailAt;
    String lastAnswer;
    Pending pending = Pending.NONE;
}
