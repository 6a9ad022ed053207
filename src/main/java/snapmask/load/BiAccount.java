package snapmask.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The account Metabase reads with: it exists and may SELECT on the analytics database (and EXECUTE its
 * functions, which run with its own rights), and the KPI history ({@link #READABLE_HISTORY} in the history schema), and
 * nothing else, checked at every run. Grants beyond that (written by hand, left from an old setup) are
 * removed, and the run log says which; the rest of the history schema stays out of the BI tool's reach.
 */
public class BiAccount {

    private static final Logger LOG = LoggerFactory.getLogger(BiAccount.class);
    private static final Pattern PASSWORD = Pattern.compile("\\s+IDENTIFIED (BY|VIA|WITH) .*$", Pattern.CASE_INSENSITIVE);

    private final MySqlServer server;
    private final String database;
    private final String user;
    private final String host;
    private final String password;
    private final String historySchema;

    /** What dashboards chart from the history schema: the KPI history and the "data as of" view. */
    public static final List<String> READABLE_HISTORY = List.of("kpi_values", "refreshes", "data_as_of");

    /** {@code user} empty: snapmask does not manage a BI account and this step does nothing. */
    public BiAccount(MySqlServer server, String database, String user, String host, String password, String historySchema) {
        this.historySchema = historySchema;
        this.server = server;
        this.database = database;
        this.user = user;
        this.host = host;
        this.password = password;
    }

    public void ensure() {
        if (user.isEmpty()) {
            return;
        }
        String account = "'" + user + "'@'" + host + "'";
        // unquoted in messages: a failure's quoted texts are cut out as possible row values
        String shown = user + "@" + host;
        try (Connection c = server.connect(null)) {
            if (!exists(c)) {
                if (password.isEmpty()) {
                    throw new LoadException("BI account " + shown + " does not exist and snapmask.analytics.bi-password is not set,"
                            + " so snapmask cannot create it (set SNAPMASK_ANALYTICS_BI_PASSWORD)", null);
                }
                try (PreparedStatement create = c.prepareStatement("CREATE USER " + account + " IDENTIFIED BY ?")) {
                    create.setString(1, password);
                    create.execute();
                }
                LOG.info("BI account {} created", account);
            }
            List<String> extra = extraGrants(c, account);
            if (!extra.isEmpty()) {
                try (Statement s = c.createStatement()) {
                    s.execute("REVOKE ALL PRIVILEGES, GRANT OPTION FROM " + account);
                }
                LOG.warn("BI account {} had more than SELECT on {}; removed: {}", account, database, String.join("; ", extra));
            }
            try (Statement s = c.createStatement()) {
                // EXECUTE for the functions production's views call: they run with the caller's rights (SQL SECURITY INVOKER)
                s.execute("GRANT SELECT, EXECUTE ON `" + database + "`.* TO " + account);
                for (String table : READABLE_HISTORY) {
                    try {
                        s.execute("GRANT SELECT ON `" + historySchema + "`.`" + table + "` TO " + account);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != 1146) {
                            throw e;
                        }
                        // the history is made at a run's start: granted at the next run
                    }
                }
            }
            List<String> left = extraGrants(c, account);
            if (!left.isEmpty()) {
                throw new LoadException("BI account " + shown + " still has more than SELECT on " + database + " after REVOKE: "
                        + String.join("; ", left) + "; remove these grants by hand", null);
            }
        } catch (SQLException e) {
            throw new LoadException("cannot check the BI account " + shown + " on " + server.where() + " (snapmask.analytics.bi-user): "
                    + e.getMessage() + "; snapmask's analytics user needs CREATE USER and GRANT OPTION on " + database, e);
        }
    }

    private boolean exists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?")) {
            p.setString(1, user);
            p.setString(2, host);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The grant lines other than the login itself (USAGE) and SELECT, EXECUTE on the analytics database, without password hashes. */
    List<String> extraGrants(Connection c, String account) throws SQLException {
        List<String> extra = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW GRANTS FOR " + account)) {
            while (r.next()) {
                String grant = PASSWORD.matcher(r.getString(1)).replaceFirst("");
                String normal = grant.replace("`", "").replace("'", "");
                boolean login = normal.startsWith("GRANT USAGE ON *.* TO ");
                boolean select = (normal.startsWith("GRANT SELECT ON " + database + ".* TO ")
                        || normal.startsWith("GRANT SELECT, EXECUTE ON " + database + ".* TO ")) && !normal.contains("WITH GRANT OPTION");
                boolean history = READABLE_HISTORY.stream().anyMatch(t -> normal.startsWith("GRANT SELECT ON " + historySchema + "." + t
                        + " TO ")) && !normal.contains("WITH GRANT OPTION");
                if (!login && !select && !history) {
                    extra.add(grant);
                }
            }
        }
        return extra;
    }
}
