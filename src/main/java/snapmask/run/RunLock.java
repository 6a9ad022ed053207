package snapmask.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One refresh per analytics database, across processes too (the service and a run-once started by
 * hand): a named lock on the analytics server, held by one connection for the whole run. Taking
 * it first also means a run whose analytics server is down fails before it restores anything.
 */
public class RunLock {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    private final MySqlServer server;
    private final String name;
    private Connection holder;

    public RunLock(MySqlServer server, String analyticsDb) {
        this.server = server;
        this.name = "snapmask:" + analyticsDb;
    }

    synchronized void acquire(RunContext run) {
        try {
            Connection c = holderConnection(server);
            try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, 0), IS_USED_LOCK(?)")) {
                lock.setString(1, name);
                lock.setString(2, name);
                try (ResultSet r = lock.executeQuery()) {
                    r.next();
                    if (r.getInt(1) != 1) {
                        long owner = r.getLong(2);
                        c.close();
                        throw new RunInProgressException("another snapmask process is refreshing into the same"
                                + " analytics database (lock '" + name + "' on " + server.where() + " held by connection " + owner
                                + "); one refresh at a time");
                    }
                }
            }
            holder = c;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the analytics server " + server.where() + " to take the run lock"
                    + " (snapmask.analytics.url/.user/.password/.ssl-mode/.ssl-ca): " + e.getMessage(), e);
        }
    }

    /** A connection to hold a named lock with: it sits idle for the whole run (hours on RDS), and the server must not close it meanwhile. */
    static Connection holderConnection(MySqlServer server) throws SQLException {
        Connection c = server.connect(null);
        try (var session = c.createStatement()) {
            session.execute("SET SESSION wait_timeout = 86400");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    synchronized void release(RunContext run) {
        if (holder == null) {
            return;
        }
        try (Connection c = holder) {
            try (PreparedStatement unlock = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                unlock.setString(1, name);
                unlock.executeQuery().close();
            }
        } catch (SQLException e) {
            // closing the connection frees the lock anyway
            LOG.debug("run {}: releasing the run lock: {}", run.id(), e.getMessage());
        } finally {
            holder = null;
        }
    }
}
