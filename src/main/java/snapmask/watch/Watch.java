package snapmask.watch;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;

/**
 * Checks every target and decides which mails ops are owed. A target is down after
 * {@code failuresToAlert} failed checks in a row (a Metabase that is still initializing counts only
 * after the grace period); that earns one mail, then optional reminders, then one mail when it is back.
 */
public class Watch {

    private static final Logger LOG = LoggerFactory.getLogger(Watch.class);

    private final List<WatchTarget> targets;
    private final int failuresToAlert;
    private final Duration startingGrace;
    private final Duration reminder;
    private final WatchState state;
    private final Clock clock;
    /** Whether this node watches: always alone; in an HA pair, one node ({@link WatchLeadership}). */
    private BooleanSupplier watching = () -> true;
    /** This round, this node only follows the targets (guarded by this). */
    private boolean following;

    Watch(List<WatchTarget> targets, int failuresToAlert, Duration startingGrace, Duration reminder, WatchState state,
          Clock clock) {
        this.targets = List.copyOf(targets);
        this.failuresToAlert = failuresToAlert;
        this.startingGrace = startingGrace;
        this.reminder = reminder;
        this.state = state;
        this.clock = clock;
    }

    /** In an HA pair, only while {@code leader} says so does this node check and mail. */
    Watch watchingWhile(BooleanSupplier leader) {
        this.watching = leader;
        return this;
    }

    /**
     * One round of checks; returns the mails now owed, including any a failed SMTP send left owed.
     * A node of an HA pair that does not watch still follows the targets, quietly and owing nothing
     * (the watching node mails), so that when it takes over it neither repeats an alert nor misses
     * a recovery.
     */
    public List<WatchAlert> check() {
        boolean mine = watching.getAsBoolean();
        // probed without the lock: a target that hangs until its timeout must not hold up the refresh telling its success
        Map<WatchTarget, Probe> probes = new LinkedHashMap<>();
        targets.forEach(target -> probes.put(target, target.probe()));
        synchronized (this) {
            following = !mine;
            probes.forEach(this::record);
            if (following) {
                targets.forEach(target -> {
                    TargetState t = state.of(target.name());
                    if (t.pending != TargetState.Pending.NONE) {
                        t.pending = TargetState.Pending.NONE;
                        t.lastMailAt = clock.instant();
                    }
                });
            }
            state.save();
            return following ? List.of() : owed();
        }
    }

    /** How loud a change is logged: as given on the watching node, at debug on a node that only follows. */
    private Level level(Level watching) {
        return following ? Level.DEBUG : watching;
    }

    private void record(WatchTarget target, Probe probe) {
        TargetState t = state.of(target.name());
        Instant now = clock.instant();
        switch (probe.outcome()) {
            case UP -> {
                if (t.down) {
                    t.down = false;
                    t.recoveredAt = now;
                    t.pending = TargetState.Pending.RECOVERED;
                    LOG.atLevel(level(Level.INFO)).log("watch: {} is back UP after {} down: {}", target.name(),
                            WatchMail.duration(Duration.between(t.downSince, now)), probe.detail());
                } else if (t.failures > 0) {
                    LOG.atLevel(level(Level.INFO)).log("watch: {} answers again after {} failed check(s)", target.name(), t.failures);
                }
                t.failures = 0;
                t.firstFailureAt = null;
                t.startingSince = null;
                t.lastAnswer = probe.detail();
            }
            case STARTING -> {
                if (t.startingSince == null) {
                    t.startingSince = now;
                }
                Duration starting = Duration.between(t.startingSince, now);
                if (starting.compareTo(startingGrace) > 0) {
                    failed(target, t, "still initializing after " + WatchMail.duration(starting) + " (grace "
                            + WatchMail.duration(startingGrace) + "): " + probe.detail(), now);
                } else {
                    t.lastAnswer = probe.detail();
                    LOG.atLevel(level(Level.INFO)).log("watch: {} is initializing ({} of {} grace): {}", target.name(),
                            WatchMail.duration(starting),
                            WatchMail.duration(startingGrace), probe.detail());
                }
            }
            case DOWN -> failed(target, t, probe.detail(), now);
        }
        if (t.down && t.pending == TargetState.Pending.NONE && !reminder.isZero() && t.lastMailAt != null
                && Duration.between(t.lastMailAt, now).compareTo(reminder) >= 0) {
            t.pending = TargetState.Pending.REMINDER;
        }
    }

    private void failed(WatchTarget target, TargetState t, String answer, Instant now) {
        t.failures++;
        if (t.firstFailureAt == null) {
            t.firstFailureAt = now;
        }
        t.lastAnswer = answer;
        if (!t.down && t.failures >= failuresToAlert) {
            t.down = true;
            t.downSince = t.firstFailureAt;
            t.recoveredAt = null;
            t.pending = TargetState.Pending.DOWN;
            LOG.atLevel(level(Level.ERROR)).log("watch: {} is DOWN after {} failed checks since {}: {}", target.name(), t.failures,
                    t.downSince, answer);
        } else if (!t.down) {
            LOG.atLevel(level(Level.WARN)).log("watch: {} check failed ({} of {} before an alert): {}", target.name(), t.failures,
                    failuresToAlert, answer);
        }
    }

    private List<WatchAlert> owed() {
        List<WatchAlert> alerts = new ArrayList<>();
        for (WatchTarget target : targets) {
            TargetState t = state.of(target.name());
            switch (t.pending) {
                case NONE -> { }
                case DOWN, REMINDER -> alerts.add(new WatchAlert(target.name(), target.checks(),
                        t.pending == TargetState.Pending.DOWN ? WatchAlert.Kind.DOWN : WatchAlert.Kind.REMINDER,
                        t.downSince, null, t.failures, t.lastAnswer, clock.instant()));
                case RECOVERED -> alerts.add(new WatchAlert(target.name(), target.checks(), WatchAlert.Kind.RECOVERED,
                        t.downSince, t.recoveredAt, 0, t.lastAnswer, clock.instant()));
            }
        }
        return alerts;
    }

    /** SMTP took the alert's mail: it is no longer owed. */
    public synchronized void delivered(Exchange exchange) {
        WatchAlert alert = exchange.getProperty(WatchAlert.PROPERTY, WatchAlert.class);
        TargetState t = state.of(alert.target());
        if (t.pending.name().equals(alert.kind().name())) {
            t.pending = TargetState.Pending.NONE;
            t.lastMailAt = clock.instant();
            state.save();
        }
        LOG.info("watch: {} mail about {} sent", alert.kind(), alert.target());
    }

    /**
     * Called by the refresh route after a successful run; the freshness check reads it. A state file
     * that cannot be written must not turn a good refresh into a failed one, so this only logs.
     */
    public synchronized void refreshSucceeded() {
        state.lastRefreshSuccess(clock.instant());
        try {
            state.save();
        } catch (RuntimeException e) {
            LOG.error("the refresh succeeded, but the watch could not record it: {}", e.getMessage());
        }
    }

    /** Whether the watch holds {@code target} down (it alerted, or is about to); served as a metric. */
    public synchronized boolean isDown(String target) {
        return state.of(target).down;
    }

    /** What the watch checks, the freshness of the refresh included: each is also a health check. */
    public List<WatchTarget> targets() {
        return targets;
    }

    /** Every target checked once, for {@code snapmask check}; the watch's state is left as it was. */
    public Map<String, Probe> probeOnce() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        targets.forEach(t -> probes.put(t.name() + " (" + t.checks() + ")", t.probe()));
        return probes;
    }
}
