package snapmask.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * snapmask.cluster.*: whether this node is one of an HA pair (or more) sharing the schedule and the
 * watch, its name among them, how late a missed fire may still run, and where the shared schedule's
 * tables are: the analytics server's history schema unless a server or database of its own is set.
 */
public record Cluster(boolean enabled, String node, Duration misfireGrace, MySqlServer server, String database) {

    public static Cluster from(Settings s, Analytics analytics) {
        String node = s.optional("snapmask.cluster.node").orElseGet(Cluster::hostName);
        if (!node.matches("[A-Za-z0-9._-]{1,80}")) {
            s.problem(new ConfigurationException("snapmask.cluster.node", "is '" + node + "', must be 1-80 letters, digits, . _ or -"),
                    null);
        }
        MySqlServer own = MySqlServer.from(s, "snapmask.cluster", false);
        String database = s.optional("snapmask.cluster.database").map(d -> s.identifier("snapmask.cluster.database"))
                .orElse(analytics.historySchema());
        return new Cluster(s.bool("snapmask.cluster.enabled"), node, s.duration("snapmask.cluster.misfire-grace"),
                own.url().isEmpty() ? analytics.server() : own, database);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "snapmask";
        }
    }
}
