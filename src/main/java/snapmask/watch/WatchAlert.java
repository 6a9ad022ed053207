package snapmask.watch;

import java.time.Instant;

/**
 * A mail the watch owes ops about one target: it went down, it is still down (reminder), or it is
 * back. {@code since} is the first failed check; {@code until} the first good one after it;
 * {@code at} when the watch found the mail owed.
 */
public record WatchAlert(String target, String checks, Kind kind, Instant since, Instant until, int failures,
                         String lastAnswer, Instant at) {

    public enum Kind { DOWN, REMINDER, RECOVERED }

    /** The exchange property the route keeps the alert in while its mail is sent. */
    public static final String PROPERTY = "snapmaskWatchAlert";
}
