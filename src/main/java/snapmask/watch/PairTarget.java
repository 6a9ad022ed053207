package snapmask.watch;

import snapmask.config.Cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In an HA pair, the other nodes: each checks in with the shared schedule (Quartz's
 * QRTZ_SCHEDULER_STATE beside the run history) every few seconds; a node this one has seen that
 * stops checking in, or whose fires Quartz has taken over (its row gone), is down: "snapmask node X
 * is gone". It is back up when it checks in again under its name (snapmask.cluster.node).
 */
public final class PairTarget extends WatchTarget {

    public static final String NAME = "pair";
    /** Quartz takes a node for dead after about its check-in interval; this leaves it a little more. */
    private static final Duration SLACK = Duration.ofSeconds(10);

    private final Cluster cluster;
    private final Clock clock;
    private final Set<String> seen = new TreeSet<>();

    PairTarget(Cluster cluster, Clock clock) {
        super(NAME);
        this.cluster = cluster;
        this.clock = clock;
    }

    @Override
    public String checks() {
        return "every node of the pair checks in (QRTZ_SCHEDULER_STATE in " + cluster.database() + ")";
    }

    @Override
    public Probe probe() {
        Map<String, Instant> lastCheckIn = new TreeMap<>();
        Map<String, Duration> interval = new TreeMap<>();
        try (Connection c = cluster.server().connect(cluster.database()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE")) {
            while (r.next()) {
                lastCheckIn.put(r.getString(1), Instant.ofEpochMilli(r.getLong(2)));
                interval.put(r.getString(1), Duration.ofMillis(r.getLong(3)));
            }
        } catch (SQLException e) {
            // the analytics target says the server is down; this one has nothing to add then
            return Probe.up("cannot read the pair's check-ins now: " + e.getMessage());
        }
        Instant now = clock.instant();
        List<String> gone = new ArrayList<>();
        List<String> why = new ArrayList<>();
        synchronized (seen) {
            seen.addAll(lastCheckIn.keySet());
            for (String node : seen) {
                Instant last = lastCheckIn.get(node);
                if (node.equals(cluster.node())) {
                    continue;
                }
                if (last == null) {
                    gone.add(node);
                    why.add(node + " no longer checks in (its fires went to the others)");
                } else if (Duration.between(last, now).compareTo(interval.get(node).multipliedBy(2).plus(SLACK)) > 0) {
                    gone.add(node);
                    why.add(node + " last checked in " + last + " (" + WatchMail.duration(Duration.between(last, now)) + " ago)");
                }
            }
        }
        if (gone.isEmpty()) {
            return Probe.up("nodes " + String.join(", ", lastCheckIn.keySet()) + " check in");
        }
        return Probe.down("snapmask node " + String.join(", ", gone) + " is gone: " + String.join("; ", why) + "; " + cluster.node()
                + " runs the schedule without it");
    }
}
