package snapmask.rds;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.mask.TableRule;
import snapmask.mask.MaskPlan;
import snapmask.step.RunNotes;
import snapmask.schema.SchemaReader;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Before the masked temporary instance is snapshotted for others, it loses what only production may
 * hold: every database but the masked one, production's accounts, the events of the masked database,
 * the rows and tables the rules keep out of analytics (a table rule limits the copy, not the masking),
 * and the server's log tables. Then it is checked, as the leak check checks values: anything left
 * fails the step and nothing is published. What is left is counted, never named: an account or a
 * database may carry a person's name.
 */
public class CopyScrub {

    private static final Logger LOG = LoggerFactory.getLogger(CopyScrub.class);
    /** The server's own schemas; innodb is one RDS for MySQL keeps. */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("mysql", "sys", "performance_schema", "information_schema", "innodb");

    private final java.time.Clock clock;

    public CopyScrub(java.time.Clock clock) {
        this.clock = clock;
    }

    public void scrub(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                      @Variable("plan") MaskPlan plan) {
        Instant started = clock.instant();
        try (Connection c = copy.server().connect(null)) {
            Sql.execute(c, "SET SESSION FOREIGN_KEY_CHECKS = 0");
            String master = masterUser(c);
            boolean mariaDb = Sql.isMariaDb(c);
            List<String> databases = otherDatabases(c, copy.database());
            for (String database : databases) {
                Sql.execute(c, "DROP DATABASE " + Sql.name(database));
            }
            List<String> accounts = foreignAccounts(c, master, mariaDb);
            for (String account : accounts) {
                Sql.execute(c, "DROP USER " + account);
            }
            List<String> events = events(c, copy.database());
            for (String event : events) {
                Sql.execute(c, "DROP EVENT " + Sql.name(copy.database()) + "." + Sql.name(event));
            }
            int limited = 0;
            for (String table : new SchemaReader(c).tables(copy.database())) {
                TableRule rule = plan.tableRule(table);
                String qualified = Sql.name(copy.database()) + "." + Sql.name(table);
                switch (rule.rows()) {
                    case SKIPPED -> Sql.execute(c, "DROP TABLE " + qualified);
                    case NONE -> Sql.execute(c, "DELETE FROM " + qualified);
                    case MATCHING -> Sql.execute(c, "DELETE FROM " + qualified + " WHERE NOT " + rule.condition()
                            + " OR " + rule.condition() + " IS NULL");
                    case ALL -> {
                        continue;
                    }
                }
                limited++;
            }
            rotateLogTables(c);
            check(run, plan, c, copy, master, mariaDb, started);
            run.note("scrubbed before it is handed on: " + databases.size() + " other database(s), " + accounts.size()
                    + " account(s) and " + events.size() + " event(s) dropped, " + limited + " table(s) cut to what the rules"
                    + " copy, log tables emptied; checked");
            LOG.info("run {}: scrubbed {}: {} other database(s), {} account(s), {} event(s) dropped, {} table(s) cut by rules",
                    run.id(), copy.name(), databases.size(), accounts.size(), events.size(), limited);
        } catch (SQLException e) {
            throw new SourceException("scrubbing " + copy.name() + " before it is handed on failed; nothing was published or promoted: "
                    + e.getMessage(), e);
        }
    }

    /** Anything the scrub should have removed and did not fails the step: no snapshot of it is taken. */
    private void check(RunNotes run, MaskPlan plan, Connection c, RestoredCopy copy, String master, boolean mariaDb, Instant started)
            throws SQLException {
        List<String> left = new ArrayList<>();
        int databases = otherDatabases(c, copy.database()).size();
        if (databases > 0) {
            left.add(databases + " other database(s)");
        }
        int accounts = foreignAccounts(c, master, mariaDb).size();
        if (accounts > 0) {
            left.add(accounts + " account(s) besides the master user and the server's own");
        }
        if (!events(c, copy.database()).isEmpty()) {
            left.add("events in " + copy.database());
        }
        for (String table : new SchemaReader(c).tables(copy.database())) {
            TableRule rule = plan.tableRule(table);
            if (rule.rows() == TableRule.Rows.SKIPPED) {
                left.add("table " + table + ", which the rules skip");
            } else if (rule.rows() != TableRule.Rows.ALL && Sql.count(c, "SELECT COUNT(*) FROM " + Sql.name(copy.database()) + "."
                    + Sql.name(table) + " WHERE NOT " + rule.condition() + " OR " + rule.condition() + " IS NULL") > 0) {
                left.add("rows of table " + table + " that the rules keep out of analytics");
            }
        }
        for (var log : java.util.Map.of("general_log", "event_time", "slow_log", "start_time").entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mysql." + log.getKey() + " WHERE " + log.getValue() + " < ?")) {
                ps.setTimestamp(1, Timestamp.from(started));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        left.add("production's rows in mysql." + log.getKey());
                    }
                }
            }
        }
        if (!left.isEmpty()) {
            throw new SourceException("the scrubbed copy " + copy.name() + " still holds " + String.join(", ", left)
                    + "; nothing was published or promoted", null);
        }
    }

    private static String masterUser(Connection c) throws SQLException {
        String current = Sql.text(c, "SELECT CURRENT_USER()");
        return current.substring(0, current.lastIndexOf('@'));
    }

    private static List<String> otherDatabases(Connection c, String keep) throws SQLException {
        List<String> other = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SHOW DATABASES")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (!name.equals(keep) && !SYSTEM_SCHEMAS.contains(name.toLowerCase())) {
                    other.add(name);
                }
            }
        }
        return other;
    }

    /**
     * Every account but the master user (snapmask's, its password reset by the run), the server's own
     * ({@code mysql.*}, {@code mariadb.sys}) and the ones RDS manages ({@code rds*}), as 'user'@'host'.
     */
    private static List<String> foreignAccounts(Connection c, String master, boolean mariaDb) throws SQLException {
        List<String> accounts = new ArrayList<>();
        // MariaDB's mysql.user is a view whose texts are in the collation the server had when it was
        // made (RDS for MariaDB: utf8mb4_unicode_ci); compared with a literal of this session's
        // collation it fails ("Illegal mix of collations"), so roles are told apart here, not in SQL
        try (ResultSet rs = c.createStatement().executeQuery("SELECT user, host" + (mariaDb ? ", is_role" : "") + " FROM mysql.user")) {
            while (rs.next()) {
                String user = rs.getString(1);
                if (user.equals(master) || user.startsWith("mysql.") || user.startsWith("mariadb.") || user.startsWith("rds")
                        || mariaDb && "Y".equals(rs.getString(3))) {
                    continue;
                }
                accounts.add(Sql.literal(user) + "@" + Sql.literal(rs.getString(2)));
            }
        }
        return accounts;
    }

    private static List<String> events(Connection c, String database) throws SQLException {
        List<String> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT event_name FROM information_schema.events WHERE event_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getString(1));
                }
            }
        }
        return events;
    }

    /** RDS keeps the log tables to itself: its procedures rotate them (twice: the first rotation keeps a backup table). */
    private static void rotateLogTables(Connection c) throws SQLException {
        boolean rds = Sql.count(c, "SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = 'mysql'"
                + " AND routine_name = 'rds_rotate_general_log'") > 0;
        for (String log : List.of("general_log", "slow_log")) {
            if (rds) {
                Sql.execute(c, "CALL mysql.rds_rotate_" + log + "()");
                Sql.execute(c, "CALL mysql.rds_rotate_" + log + "()");
            } else {
                Sql.execute(c, "TRUNCATE TABLE mysql." + log);
            }
        }
    }
}
