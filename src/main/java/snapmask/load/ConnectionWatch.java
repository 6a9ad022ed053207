package snapmask.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.CuttableSocketFactory;
import snapmask.config.MySqlServer;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the load's connections from the server's side. When the server drops or kills one in
 * the middle of LOAD DATA LOCAL, the client can stay blocked writing to a socket nobody reads, for
 * ever; the watch sees the connection gone from the process list and aborts it, so the copy fails
 * and the run ends instead of hanging. A server that stops answering the watch itself (it crashed,
 * is shutting down, or the network is cut) gets the same treatment after a few checks.
 */
final class ConnectionWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatch.class);

    /** Checks in a row the server did not answer before the load's connections are cut. */
    private static final int UNANSWERED_BEFORE_ABORT = 3;

    private final MySqlServer server;
    private int unanswered;
    private final Map<Long, Connection> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapmask-connection-watch");
        t.setDaemon(true);
        return t;
    });

    ConnectionWatch(MySqlServer server, Duration every) {
        this.server = server;
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the server's id of the connection, for {@link #release}. */
    long watch(Connection connection) throws SQLException {
        long id = Sql.count(connection, "SELECT CONNECTION_ID()");
        watched.put(id, connection);
        return id;
    }

    void release(long id) {
        watched.remove(id);
    }

    private void check() {
        // only connections watched before the process list is read: one opened after it is not in it
        Map<Long, Connection> before = Map.copyOf(watched);
        if (before.isEmpty()) {
            return;
        }
        Set<Long> alive = new HashSet<>();
        try (Connection c = server.connect(null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM information_schema.processlist WHERE command <> 'Killed'")) {
            while (rs.next()) {
                alive.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            // a server gone (crashed, shutting down, cut off) may never close the sockets the load writes to
            if (++unanswered < UNANSWERED_BEFORE_ABORT) {
                LOG.debug("connection watch could not read the process list of {}: {}", server.where(), e.getMessage());
                return;
            }
            LOG.warn("{} has not answered the connection watch {} times in a row ({}); aborting the load's connections",
                    server.where(), unanswered, e.getMessage());
            watched.entrySet().forEach(this::abort);
            return;
        }
        unanswered = 0;
        for (Map.Entry<Long, Connection> entry : before.entrySet()) {
            // a copy that ended meanwhile released its connection, and closed it: not a drop
            if (!alive.contains(entry.getKey()) && watched.get(entry.getKey()) == entry.getValue()) {
                LOG.warn("load connection {} on {} was closed or killed by the server; aborting it", entry.getKey(),
                        server.where());
                abort(entry);
            }
        }
    }

    private void abort(Map.Entry<Long, Connection> entry) {
        watched.remove(entry.getKey());
        try {
            CuttableSocketFactory.cut(entry.getValue());
        } catch (SQLException e) {
            LOG.debug("aborting connection {}: {}", entry.getKey(), e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
