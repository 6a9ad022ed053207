package snapmask.watch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;

/**
 * In an HA pair (snapmask.cluster.enabled), which node watches and mails: the one holding a named
 * lock on the analytics server, on a connection kept for it; when that node dies its connection
 * goes, and the next node to ask takes the lock. A node that cannot reach the analytics server
 * watches as well, so that the analytics server's own outage is still mailed (then by each node).
 */
final class WatchLeadership implements BooleanSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(WatchLeadership.class);

    private final MySqlServer server;
    private final String lock;
    private Connection held;

    WatchLeadership(MySqlServer server, String analyticsDatabase) {
        this.server = server;
        this.lock = "snapmask:watch:" + analyticsDatabase;
    }

    @Override
    public synchronized boolean getAsBoolean() {
        try {
            if (held != null && held.isValid(2)) {
                return true;
            }
            held = null;
            Connection c = server.connect(null);
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT GET_LOCK('" + lock + "', 0)")) {
                if (r.next() && r.getInt(1) == 1) {
                    held = c;
                    LOG.info("watch: this node watches for the pair (lock {} on {})", lock, server.where());
                    return true;
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            // cannot tell who watches: better a mail from each node than none about an outage
            return true;
        }
    }
}
