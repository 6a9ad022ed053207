package snapmask.run;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.Cluster;
import snapmask.schema.Sql;
import snapmask.schema.SqlScript;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * snapmask.cluster.enabled: two or more nodes share one schedule. Quartz's clustered JDBC job store
 * keeps the trigger in tables beside the run history (schema snapmask.history.schema on the
 * analytics server, unless snapmask.cluster.url or .database say elsewhere), so each fire is taken by exactly one node, and a dead node's fires go to the
 * others; a night missed while no node ran fires late within snapmask.cluster.misfire-grace. The
 * run lock still lets one refresh run at a time, whoever started it.
 */
final class ClusteredSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedule.class);
    /** Quartz's check-in table: each node's last heartbeat (the watch's target pair reads it). */
    static final String CHECK_INS = "QRTZ_SCHEDULER_STATE";
    /** The data source name in Quartz's properties, answered by {@link #connections}. */
    private static final String DATA_SOURCE = "snapmask";
    /** Quartz's own MySQL script (InnoDB), in its jar. */
    private static final String TABLES = "org/quartz/impl/jdbcjobstore/tables_mysql_innodb.sql";
    private static final int DUPLICATE_KEY_NAME = 1061;

    private ClusteredSchedule() {
    }

    static void configure(CamelContext context, Cluster cluster) {
        createTables(cluster);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, connections(cluster));
        Map<String, Object> quartz = new HashMap<>();
        quartz.put("org.quartz.scheduler.instanceName", "snapmask");
        // the node's name (snapmask.cluster.node, unique in the pair), so a restarted node is the same one to its peers
        quartz.put("org.quartz.scheduler.instanceId", cluster.node());
        quartz.put("org.quartz.threadPool.threadCount", "2");
        quartz.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        quartz.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
        quartz.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        quartz.put("org.quartz.jobStore.isClustered", "true");
        quartz.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        quartz.put("org.quartz.jobStore.misfireThreshold", String.valueOf(cluster.misfireGrace().toMillis()));
        context.getComponent("quartz", QuartzComponent.class).setProperties(quartz);
        LOG.info("schedule clustered: node {}, Quartz's tables in {} on {}", cluster.node(), cluster.database(),
                cluster.server().where());
    }

    private static ConnectionProvider connections(Cluster cluster) {
        return new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return cluster.server().connect(cluster.database());
            }

            @Override
            public void shutdown() {
            }

            @Override
            public void initialize() {
            }
        };
    }

    /** Quartz's tables, made once: its script without its DROPs, each table only when missing. */
    private static void createTables(Cluster cluster) {
        String script;
        try (InputStream in = QuartzComponent.class.getClassLoader().getResourceAsStream(TABLES)) {
            if (in == null) {
                throw new IllegalStateException(TABLES + " is missing from the class path (the quartz jar)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^#.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = cluster.server().connect(null)) {
            Sql.execute(c, "CREATE DATABASE IF NOT EXISTS " + Sql.name(cluster.database()));
            Sql.execute(c, "USE " + Sql.name(cluster.database()));
            for (String statement : SqlScript.statements(script)) {
                if (statement.startsWith("DROP") || statement.equalsIgnoreCase("commit")) {
                    continue;
                }
                try {
                    Sql.execute(c, statement.replaceFirst("^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "));
                } catch (SQLException e) {
                    if (e.getErrorCode() != DUPLICATE_KEY_NAME) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the clustered schedule's tables in " + cluster.database() + " on "
                    + cluster.server().where() + " (snapmask.cluster.*): " + e.getMessage(), e);
        }
    }
}
