package snapmask.watch;

import com.mysql.cj.jdbc.MysqlDataSource;
import snapmask.config.MySqlServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** A MySQL-compatible server, such as the analytics database Metabase reads: up when it answers SELECT 1. */
public final class DatabaseTarget extends WatchTarget {

    /** The target that is the analytics server, checked as snapmask checks it. */
    public static final String ANALYTICS = "analytics";


    private final MySqlServer server;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    public DatabaseTarget(String name, MySqlServer server, Duration connectTimeout, Duration readTimeout) {
        super(name);
        this.server = server;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public String checks() {
        return "SELECT 1 on " + server.where() + " as " + server.user() + " (connect timeout "
                + HttpHealthTarget.seconds(connectTimeout) + ", read timeout " + HttpHealthTarget.seconds(readTimeout) + ")";
    }

    @Override
    public Probe probe() {
        MysqlDataSource ds = server.dataSource(null);
        try {
            ds.setConnectTimeout((int) connectTimeout.toMillis());
            ds.setSocketTimeout((int) readTimeout.toMillis());
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, readTimeout.toSeconds()));
                s.executeQuery("SELECT 1").close();
                return Probe.up("SELECT 1 answered");
            }
        } catch (SQLException e) {
            return Probe.down("SQL error " + e.getErrorCode() + " (" + e.getSQLState() + "): " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
