package snapmask.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The refresh itself: down when no refresh has succeeded for longer than the limit. A schedule that
 * was stopped over JMX and forgotten, or a Quartz job that never fires, is caught here.
 */
public final class FreshnessTarget extends WatchTarget {

    public static final String NAME = "refresh";

    private final Duration limit;
    private final WatchState state;
    private final Supplier<String> schedule;
    /** In an HA pair, the last success of any node (the shared run history); empty for a single node. */
    private final Supplier<Optional<Instant>> shared;
    private final Clock clock;

    FreshnessTarget(Duration limit, WatchState state, Supplier<String> schedule, Supplier<Optional<Instant>> shared, Clock clock) {
        super(NAME);
        this.limit = limit;
        this.state = state;
        this.schedule = schedule;
        this.shared = shared;
        this.clock = clock;
    }

    @Override
    public String checks() {
        return "a refresh has succeeded within the last " + WatchMail.duration(limit) + " (snapmask.watch.freshness)";
    }

    @Override
    public Probe probe() {
        Instant mine = state.lastRefreshSuccess();
        Instant last = shared.get().filter(peer -> mine == null || peer.isAfter(mine)).orElse(mine);
        Instant since = last != null ? last : state.watchingSince();
        Duration age = Duration.between(since, clock.instant());
        String what = (last != null ? "last successful refresh " + since : "no successful refresh since the watch started " + since)
                + " (" + WatchMail.duration(age) + " ago); " + schedule.get();
        return age.compareTo(limit) > 0 ? Probe.down(what) : Probe.up(what);
    }
}
