package snapmask.watch;

import org.junit.jupiter.api.Tag;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import snapmask.testing.TestClock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch's states, on a clock the test moves: when a target counts as down, when a reminder is
 * owed, what a recovery says. The probes are scripted; the mails, the timer and real targets are
 * WatchTest's.
 */
@Tag("fast")
class WatchStatesTest {

    private final TestClock clock = new TestClock();
    private final ScriptedTarget metabase = new ScriptedTarget();

    @TempDir
    Path dir;

    private Watch watch(Duration startingGrace, Duration reminder) {
        return new Watch(List.of(metabase), 3, startingGrace, reminder, WatchState.load(dir.resolve("watch.properties"), clock.instant()),
                clock);
    }

    /** In an HA pair the peer's refreshes count: they are in the shared history, not in this node's state file. */
    @Test
    void the_refresh_is_fresh_when_any_node_of_the_pair_succeeded_within_the_limit() {
        WatchState state = WatchState.load(dir.resolve("watch.properties"), clock.instant());
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<java.time.Instant>> peer =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());
        FreshnessTarget freshness = new FreshnessTarget(Duration.ofHours(26), state, () -> "schedule", peer::get, clock);
        clock.advance(Duration.ofHours(27));
        assertThat(freshness.probe().outcome()).as("no refresh on either node for 27 h").isEqualTo(Probe.Outcome.DOWN);

        peer.set(java.util.Optional.of(clock.instant().minus(Duration.ofHours(1))));
        assertThat(freshness.probe().outcome()).as("the peer refreshed an hour ago").isEqualTo(Probe.Outcome.UP);
        assertThat(freshness.probe().detail()).startsWith("last successful refresh " + clock.instant().minus(Duration.ofHours(1)));

        state.lastRefreshSuccess(clock.instant());
        peer.set(java.util.Optional.of(clock.instant().minus(Duration.ofHours(30))));
        assertThat(freshness.probe().outcome()).as("this node refreshed just now").isEqualTo(Probe.Outcome.UP);
    }

    @Test
    void a_target_initializing_is_not_down_until_the_grace_is_over_then_down_with_how_long() {
        Watch watch = watch(Duration.ofMinutes(5), Duration.ZERO);
        metabase.answers(Probe.starting("HTTP 503: initializing"));
        for (int i = 0; i < 5; i++) {
            assertThat(watch.check()).as("check %d, within the grace", i).isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(watch.check()).isEmpty();
        assertThat(watch.check()).isEmpty();
        List<WatchAlert> alerts = watch.check();

        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(WatchAlert.Kind.DOWN);
            assertThat(a.lastAnswer()).isEqualTo("still initializing after 5 min 1 s (grace 5 min): HTTP 503: initializing");
        });
    }

    @Test
    void down_it_is_owed_one_alert_until_smtp_takes_it_then_a_reminder_each_interval_then_a_recovery_with_the_downtime() {
        Watch watch = watch(Duration.ZERO, Duration.ofHours(1));
        metabase.answers(Probe.down("connection refused"));
        assertThat(watch.check()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(watch.check()).isEmpty();
        List<WatchAlert> down = watch.check();
        assertThat(down).extracting(WatchAlert::kind).containsExactly(WatchAlert.Kind.DOWN);
        assertThat(watch.check()).as("owed again while SMTP has not taken it").extracting(WatchAlert::kind)
                .containsExactly(WatchAlert.Kind.DOWN);
        watch.delivered(sent(down.get(0)));
        assertThat(watch.check()).as("sent: nothing owed").isEmpty();

        clock.advance(Duration.ofMinutes(59));
        assertThat(watch.check()).as("within the reminder interval").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        List<WatchAlert> reminder = watch.check();
        assertThat(reminder).extracting(WatchAlert::kind).containsExactly(WatchAlert.Kind.REMINDER);
        assertThat(WatchMail.subject(reminder.get(0))).isEqualTo("snapmask watch: metabase still DOWN, for 1 h 1 min");
        watch.delivered(sent(reminder.get(0)));

        clock.advance(Duration.ofMinutes(30));
        metabase.answers(Probe.up("HTTP 200"));
        List<WatchAlert> back = watch.check();
        assertThat(back).extracting(WatchAlert::kind).containsExactly(WatchAlert.Kind.RECOVERED);
        assertThat(WatchMail.subject(back.get(0))).isEqualTo("snapmask watch: metabase is back UP after 1 h 31 min");
    }

    /** In an HA pair, the node that takes the watch over knows what its peer alerted: no second DOWN, but the recovery. */
    @Test
    void a_node_that_followed_the_targets_takes_the_watch_over_without_repeating_the_alert_and_mails_the_recovery() {
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(false);
        Watch watch = watch(Duration.ZERO, Duration.ZERO).watchingWhile(watching::get);
        metabase.answers(Probe.down("connection refused"));
        for (int i = 0; i < 4; i++) {
            assertThat(watch.check()).as("the peer watches and mails").isEmpty();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(watch.isDown("metabase")).as("followed all along").isTrue();

        watching.set(true);
        assertThat(watch.check()).as("the peer already mailed the DOWN").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        metabase.answers(Probe.up("HTTP 200"));
        List<WatchAlert> back = watch.check();
        assertThat(back).extracting(WatchAlert::kind).containsExactly(WatchAlert.Kind.RECOVERED);
        assertThat(WatchMail.subject(back.get(0))).isEqualTo("snapmask watch: metabase is back UP after 14 min");
    }

    private static Exchange sent(WatchAlert alert) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(WatchAlert.PROPERTY, alert);
        return exchange;
    }

    private static final class ScriptedTarget extends WatchTarget {

        private volatile Probe next;

        ScriptedTarget() {
            super("metabase");
        }

        void answers(Probe probe) {
            next = probe;
        }

        @Override
        public String checks() {
            return "a scripted probe";
        }

        @Override
        public Probe probe() {
            return next;
        }
    }
}
