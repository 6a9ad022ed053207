package snapmask.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * snapmask.cluster.*: whether this node is one of an HA pair (or more) sharing the schedule and the
 * watch, its name among them, and how late a missed fire may still run.
 */
public record Cluster(boolean enabled, String node, Duration misfireGrace) {

    public static Cluster from(Settings s) {
        String node = s.optional("snapmask.cluster.node").orElseGet(Cluster::hostName);
        if (!node.matches("[A-Za-z0-9._-]{1,80}")) {
            s.problem(new ConfigurationException("snapmask.cluster.node", "is '" + node + "', must be 1-80 letters, digits, . _ or -"),
                    null);
        }
        return new Cluster(s.bool("snapmask.cluster.enabled"), node, s.duration("snapmask.cluster.misfire-grace"));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "snapmask";
        }
    }
}
