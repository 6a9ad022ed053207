package snapmask.rds;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.config.MySqlServer;
import snapmask.embedded.SampleProduction;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.testing.EndpointProxy;
import snapmask.testing.MySql8;
import snapmask.testing.OwnServer;
import snapmask.testing.RdsFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestDirs;
import snapmask.testing.TestMail;
import snapmask.testing.TestRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The masked copy handed on, scrubbed of what only production may hold: snapmask.output=snapshot
 * (snapshotted, shared, pruned) and snapmask.output=promote (the copy becomes the analytics
 * instance). The restored "RDS instance" is a MySQL 8 server of this class's own, because the scrub
 * drops every database and account but the masked one and the master user.
 */
class ScrubbedCopyTest {

    private static final String MASTER = "rds_master";
    private static final Instant NOW = Instant.now();

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @RegisterExtension
    static final OwnServer instanceServer = new OwnServer(() -> MySql8.start(TestDirs.of("test-mysql8-snapshot"), List.of()));
    private static String masterPassword = "the-snapshots-password";
    private RdsFake rds;

    /** Production as RDS restores it: the masked database, and beside it what must not reach a snapshot. */
    @BeforeEach
    void restoredInstance() throws SQLException {
        try (Connection c = master()) {
            // what earlier tests left, a promoted analytics database among them
            for (String db : strings(c, "SHOW DATABASES")) {
                if (!List.of("mysql", "sys", "performance_schema", "information_schema").contains(db)) {
                    Sql.execute(c, "DROP DATABASE " + Sql.name(db));
                }
            }
            new SampleProduction(TestDatabase.SAMPLE_USERS, 42).create(c, TestApp.RDS_DATABASE);
            Sql.execute(c, "CREATE DATABASE billing");
            Sql.execute(c, "CREATE TABLE billing.cards (id INT PRIMARY KEY, holder VARCHAR(100))");
            Sql.execute(c, "INSERT INTO billing.cards VALUES (1, 'Jane Roe')");
            Sql.execute(c, "DROP USER IF EXISTS 'app'@'%'");
            Sql.execute(c, "CREATE USER 'app'@'%' IDENTIFIED BY 'production-app-secret'");
            // a view that calls a stored function: promote must carry both under the analytics name
            Sql.execute(c, "CREATE FUNCTION " + Sql.name(TestApp.RDS_DATABASE) + ".first_letter(s VARCHAR(100)) RETURNS VARCHAR(1)"
                    + " DETERMINISTIC RETURN UPPER(LEFT(s, 1))");
            Sql.execute(c, "CREATE VIEW " + Sql.name(TestApp.RDS_DATABASE) + ".user_initials AS SELECT id, first_letter(username) AS i FROM "
                    + Sql.name(TestApp.RDS_DATABASE) + ".users");
            Sql.execute(c, "CREATE EVENT " + Sql.name(TestApp.RDS_DATABASE) + ".purge ON SCHEDULE EVERY 1 DAY DISABLE DO DELETE FROM "
                    + Sql.name(TestApp.RDS_DATABASE) + ".migrations WHERE id < 0");
        }
        rds = new RdsFake(port()).masterUsername(MASTER).pageSize(2)
                .instance("prod", "available", Map.of())
                .snapshot("rds:prod-2026-11-24-03-00", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .snapshot("snapmask-sanitized-20261121-030000-aaaa", "snapmask-20261121-030000-aaaa", NOW.minusSeconds(4 * 86400), sanitized())
                .snapshot("snapmask-sanitized-20261122-030000-bbbb", "snapmask-20261122-030000-bbbb", NOW.minusSeconds(3 * 86400), sanitized())
                .snapshot("snapmask-sanitized-20261123-030000-cccc", "snapmask-20261123-030000-cccc", NOW.minusSeconds(2 * 86400), sanitized())
                // snapmask's prefix, not its tags: someone else's, never deleted
                .snapshot("snapmask-sanitized-by-hand", "prod", NOW.minusSeconds(30 * 86400), Map.of())
                .onPasswordReset(password -> {
                    try (Connection c = master()) {
                        Sql.execute(c, "ALTER USER '" + MASTER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
                        masterPassword = password;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @AfterEach
    void stopFake() {
        rds.close();
    }

    @Test
    void the_masked_copy_is_scrubbed_snapshotted_shared_and_the_oldest_sanitized_snapshots_pruned_before_the_instance_goes()
            throws Exception {
        Map<String, String> settings = settings("analytics_sanitized", "analytics, snapshot");

        RunContext run = refresh(settings);

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        String snapshot = "snapmask-sanitized-" + run.id();
        assertThat(rds.requests("CreateDBSnapshot")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("DBInstanceIdentifier", "snapmask-" + run.id()).containsEntry("DBSnapshotIdentifier", snapshot));
        assertThat(rds.snapshotTags(snapshot)).containsEntry("snapmask:sanitized", "true").containsEntry("snapmask:run-id", run.id())
                .containsEntry("snapmask:source", "prod");
        assertThat(rds.sharedWith(snapshot)).containsExactly("123456789012", "210987654321");
        assertThat(rds.snapshotStatus()).as("keep = 2: this run's and the newest before it; the rest untouched")
                .containsOnlyKeys("rds:prod-2026-11-24-03-00", "snapmask-sanitized-20261123-030000-cccc", "snapmask-sanitized-by-hand",
                        snapshot)
                .containsEntry(snapshot, "available");
        List<String> actions = rds.requests().stream().map(r -> r.get("Action")).toList();
        assertThat(actions.lastIndexOf("DescribeDBSnapshots")).as("the snapshot was available before the instance was deleted")
                .isLessThan(actions.indexOf("DeleteDBInstance"));
        assertThat(actions.indexOf("CreateDBSnapshot")).isLessThan(actions.indexOf("DeleteDBInstance"));

        // what the snapshot was taken of
        try (Connection c = master()) {
            assertThat(strings(c, "SHOW DATABASES")).doesNotContain("billing").contains(TestApp.RDS_DATABASE);
            assertThat(strings(c, "SELECT user FROM mysql.user")).doesNotContain("app", "root").contains(MASTER);
            assertThat(strings(c, "SELECT event_name FROM information_schema.events")).isEmpty();
            assertThat(strings(c, "SHOW TABLES FROM " + Sql.name(TestApp.RDS_DATABASE))).as("skipped by the rules").doesNotContain("migrations");
            assertThat(strings(c, "SELECT COUNT(*) FROM " + Sql.name(TestApp.RDS_DATABASE) + ".categories WHERE id > 10")).containsExactly("0");
            assertThat(strings(c, "SELECT COUNT(*) FROM " + Sql.name(TestApp.RDS_DATABASE) + ".categories")).containsExactly("10");
            assertThat(strings(c, "SELECT username FROM " + Sql.name(TestApp.RDS_DATABASE) + ".users WHERE id = 5")).containsExactly("masking_dummy_5");
        }
        assertThat(TestDatabase.rows("SELECT COUNT(*) AS n FROM analytics_sanitized.users")).containsExactly(Map.of("n", "1000"));
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("sanitized snapshot " + snapshot + " published, shared with 2"))
                .anySatisfy(n -> assertThat(n).startsWith("scrubbed before it is handed on: 1 other database(s), ")
                        .contains("and 1 event(s) dropped, 2 table(s) cut to what the rules copy"));
    }

    @Test
    void a_snapshot_only_run_leaves_analytics_alone() {
        TestDatabase.execute("DROP DATABASE IF EXISTS analytics_snapshot_only");

        RunContext run = refresh(settings("analytics_snapshot_only", "snapshot"));

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.stepTimes()).containsKeys("mask", "verify", "publish-snapshot").doesNotContainKeys("stage", "load", "bi-account");
        assertThat(TestDatabase.databasesLike("analytics_snapshot_only")).isEmpty();
        assertThat(rds.snapshotStatus()).containsEntry("snapmask-sanitized-" + run.id(), "available");
    }

    @Test
    void a_refused_snapshot_is_mailed_the_instance_is_deleted_and_analytics_keeps_this_runs_data() throws Exception {
        rds.refuseSnapshot("SnapshotQuotaExceeded");

        RunContext run = refresh(settings("analytics_snapshot_refused", "analytics, snapshot"));

        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("publish-snapshot");
        assertThat(rds.requests("DeleteDBInstance")).hasSize(1);
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step publish-snapshot");
        assertThat(message.getContent().toString()).contains("SnapshotQuotaExceeded")
                .contains("The swap had completed: the analytics database holds this run's data.");
    }

    @Test
    void an_aurora_cluster_is_scrubbed_and_published_as_a_cluster_snapshot_before_it_is_deleted() throws Exception {
        rds.cluster("prod-cluster", "available", Map.of(), "prod-cluster-instance-1")
                .clusterSnapshot("rds:prod-cluster-2026-11-24-03-00", "prod-cluster", "automated", Instant.parse("2026-11-24T03:00:00Z"),
                        "available");
        Map<String, String> settings = settings("analytics_sanitized_aurora", "analytics, snapshot");
        settings.put("snapmask.source", "aurora");
        settings.remove("snapmask.rds.instance");
        settings.put("snapmask.aurora.cluster", "prod-cluster");

        RunContext run = refresh(settings);

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        String snapshot = "snapmask-sanitized-" + run.id();
        assertThat(rds.requests("CreateDBClusterSnapshot")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("DBClusterIdentifier", "snapmask-" + run.id()).containsEntry("DBClusterSnapshotIdentifier", snapshot));
        assertThat(rds.snapshotTags(snapshot)).containsEntry("snapmask:sanitized", "true").containsEntry("snapmask:source", "prod-cluster");
        assertThat(rds.clusterSnapshotStatus()).containsEntry(snapshot, "available");
        assertThat(rds.sharedWith(snapshot)).containsExactly("123456789012", "210987654321");
        List<String> actions = rds.requests().stream().map(r -> r.get("Action")).toList();
        assertThat(actions.lastIndexOf("DescribeDBClusterSnapshots")).isLessThan(actions.indexOf("DeleteDBInstance"));
        assertThat(actions).contains("DeleteDBCluster");
        try (Connection c = master()) {
            assertThat(strings(c, "SHOW DATABASES")).doesNotContain("billing");
            assertThat(strings(c, "SELECT user FROM mysql.user")).doesNotContain("app");
        }
    }

    @Test
    void promote_makes_the_masked_copy_the_analytics_instance_and_analytics_answers_before_during_and_after() throws Exception {
        TestDatabase.execute("DROP DATABASE IF EXISTS analytics_promote", "CREATE DATABASE analytics_promote",
                "CREATE TABLE analytics_promote.users (id INT PRIMARY KEY)", "INSERT INTO analytics_promote.users VALUES (1)");
        rds.instance("analytics", "available", Map.of(), TestDatabase.server().port())
                // two earlier promotions' retired instances: one past snapmask.promote.grace, one within it
                .instance("analytics-old-20261124-030000-aaaa", "available", Map.of("snapmask:retired-by", "20261124-030000-aaaa",
                        "snapmask:retired-at", NOW.minusSeconds(2 * 86400).toString()))
                .instance("analytics-old-20261126-020000-bbbb", "available", Map.of("snapmask:retired-by", "20261126-020000-bbbb",
                        "snapmask:retired-at", NOW.minusSeconds(600).toString()));
        try (EndpointProxy endpoint = new EndpointProxy(() -> rds.portOf("analytics"))) {
            Map<String, String> settings = promoteSettings("analytics_promote", endpoint);
            Reader reader = new Reader(endpoint);

            RunContext run = refresh(settings);
            reader.stop();
            masterPassword = "analytics-password";

            assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(run.stepTimes()).containsKeys("mask", "verify", "promote").doesNotContainKeys("stage", "load");
            assertThat(rds.instanceStatus()).containsKeys("prod", "analytics", "analytics-old-" + run.id(),
                    "analytics-old-20261126-020000-bbbb").doesNotContainKey("snapmask-" + run.id());
            assertThat(rds.requests("DeleteDBInstance")).as("the retired instance past the grace, by the sweep; nothing else")
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("DBInstanceIdentifier", "analytics-old-20261124-030000-aaaa"));
            assertThat(rds.instanceTags("analytics")).as("the copy").containsEntry("snapmask:run-id", run.id());
            assertThat(rds.instanceTags("analytics-old-" + run.id())).containsEntry("snapmask:retired-by", run.id())
                    .containsKey("snapmask:retired-at");
            try (Connection c = endpoint("analytics-password", endpoint)) {
                assertThat(strings(c, "SELECT COUNT(*) FROM analytics_promote.users")).containsExactly("1000");
                assertThat(strings(c, "SELECT username FROM analytics_promote.users WHERE id = 5")).containsExactly("masking_dummy_5");
                assertThat(strings(c, "SELECT i FROM analytics_promote.user_initials WHERE id = 5")).containsExactly("M");
                assertThat(strings(c, "SELECT status FROM analytics_promote_history.runs WHERE run_id = '" + run.id() + "'"))
                        .as("the run's end is written where the history now lives").containsExactly("SUCCEEDED");
                assertThat(strings(c, "SHOW DATABASES")).doesNotContain("billing", TestApp.RDS_DATABASE);
            }
            assertThat(TestDatabase.rows("SELECT COUNT(*) AS n FROM analytics_promote.users")).as("the way back, until the grace is over")
                    .containsExactly(Map.of("n", "1"));
            assertThat(reader.failures).as("analytics answered throughout").isEmpty();
            assertThat(reader.seen).contains("1", "1000").containsOnly("1", "1000");
        }
    }

    @Test
    void a_refused_rename_of_the_copy_gives_the_analytics_instance_its_name_back_and_deletes_the_copy() throws Exception {
        TestDatabase.execute("DROP DATABASE IF EXISTS analytics_promote_refused", "CREATE DATABASE analytics_promote_refused",
                "CREATE TABLE analytics_promote_refused.users (id INT PRIMARY KEY)", "INSERT INTO analytics_promote_refused.users VALUES (1)");
        rds.instance("analytics", "available", Map.of(), TestDatabase.server().port()).refuseRename("snapmask-", "InvalidParameterCombination");
        try (EndpointProxy endpoint = new EndpointProxy(() -> rds.portOf("analytics"))) {
            RunContext run = refresh(promoteSettings("analytics_promote_refused", endpoint));
            masterPassword = "analytics-password";

            assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(run.failedStep()).isEqualTo("promote");
            assertThat(rds.instanceStatus()).as("renamed back; the copy deleted").containsKey("analytics")
                    .doesNotContainKey("analytics-old-" + run.id()).containsEntry("snapmask-" + run.id(), "deleting");
            assertThat(rds.portOf("analytics")).isEqualTo(TestDatabase.server().port());
            assertThat(rds.requests("DeleteDBInstance")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("DBInstanceIdentifier", "snapmask-" + run.id()));
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage message = mail.getReceivedMessages()[0];
            assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step promote");
            assertThat(message.getContent().toString()).contains("InvalidParameterCombination")
                    .contains("renamed back to analytics").contains("The analytics database still holds the data of the last successful run.");
            assertThat(TestDatabase.rows("SELECT COUNT(*) AS n FROM analytics_promote_refused.users")).containsExactly(Map.of("n", "1"));
        }
    }

    @Test
    void promote_with_aurora_renames_the_clusters_and_the_cluster_endpoint_follows() throws Exception {
        TestDatabase.execute("DROP DATABASE IF EXISTS analytics_promote_aurora", "CREATE DATABASE analytics_promote_aurora",
                "CREATE TABLE analytics_promote_aurora.users (id INT PRIMARY KEY)", "INSERT INTO analytics_promote_aurora.users VALUES (1)");
        rds.cluster("prod-cluster", "available", Map.of(), "prod-cluster-instance-1")
                .clusterSnapshot("rds:prod-cluster-2026-11-24-03-00", "prod-cluster", "automated", Instant.parse("2026-11-24T03:00:00Z"),
                        "available")
                .cluster("analytics", "available", Map.of(), "analytics-instance-1").clusterPort("analytics", TestDatabase.server().port())
                // an earlier promotion's retired cluster, past snapmask.promote.grace: its instance (which kept its own
                // name, tagged as the cluster when it was retired) goes first
                .cluster("analytics-old-20261124-030000-aaaa", "available", Map.of("snapmask:retired-by", "20261124-030000-aaaa",
                        "snapmask:retired-at", NOW.minusSeconds(2 * 86400).toString()), "analytics-instance-7");
        try (EndpointProxy endpoint = new EndpointProxy(() -> rds.portOfCluster("analytics"))) {
            Map<String, String> settings = promoteSettings("analytics_promote_aurora", endpoint);
            settings.put("snapmask.source", "aurora");
            settings.remove("snapmask.rds.instance");
            settings.put("snapmask.aurora.cluster", "prod-cluster");

            RunContext run = refresh(settings);
            masterPassword = "analytics-password";

            assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(rds.clusterStatus()).containsKeys("prod-cluster", "analytics", "analytics-old-" + run.id())
                    .doesNotContainKey("snapmask-" + run.id());
            assertThat(rds.clusterTags("analytics")).as("the copy").containsEntry("snapmask:run-id", run.id());
            assertThat(rds.clusterTags("analytics-old-" + run.id())).containsEntry("snapmask:retired-by", run.id());
            assertThat(rds.instanceTags("analytics-instance-1")).as("the retired cluster's instance, for a later sweep")
                    .containsEntry("snapmask:retired-by", run.id()).containsKey("snapmask:retired-at");
            assertThat(rds.requests("DeleteDBInstance")).as("the retired cluster's instance, by the sweep; nothing else")
                    .singleElement().satisfies(r -> assertThat(r).containsEntry("DBInstanceIdentifier", "analytics-instance-7"));
            assertThat(rds.denied()).as("every request is one docs/iam-policy.json allows").isEmpty();
            assertThat(rds.requests("DeleteDBCluster")).as("the retired cluster goes once its instance is gone, at a later run").isEmpty();
            try (Connection c = endpoint("analytics-password", endpoint)) {
                assertThat(strings(c, "SELECT COUNT(*) FROM analytics_promote_aurora.users")).containsExactly("1000");
                assertThat(strings(c, "SELECT status FROM analytics_promote_aurora_history.runs WHERE run_id = '" + run.id() + "'"))
                        .containsExactly("SUCCEEDED");
            }
        }
    }

    private Map<String, String> promoteSettings(String analyticsDb, EndpointProxy endpoint) {
        Map<String, String> settings = settings(analyticsDb, "promote");
        settings.put("snapmask.promote.instance", "analytics");
        settings.put("snapmask.analytics.url", endpoint.url());
        settings.put("snapmask.analytics.user", MASTER);
        settings.put("snapmask.analytics.password", "analytics-password");
        return settings;
    }

    private static Connection endpoint(String password, EndpointProxy endpoint) throws SQLException {
        return new MySqlServer("analytics", endpoint.url(), MASTER, password).connect(null);
    }

    /** Metabase's part: a query through the endpoint name every 20 ms while the run goes. */
    private static final class Reader {
        final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private final Thread thread;

        Reader(EndpointProxy endpoint) {
            thread = new Thread(() -> {
                while (running) {
                    try (Connection c = endpoint("analytics-password", endpoint)) {
                        seen.addAll(strings(c, "SELECT COUNT(*) FROM " + "analytics_promote.users"));
                    } catch (SQLException e) {
                        // before the promotion the old instance takes any password (the test server runs without grants)
                        failures.add(e.getMessage());
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "metabase");
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private Map<String, String> settings(String analyticsDb, String output) {
        Map<String, String> settings = TestApp.rdsSettings(analyticsDb, rds, mail);
        settings.put("snapmask.output", output);
        settings.put("snapmask.snapshot.share-with", "123456789012, 210987654321");
        settings.put("snapmask.snapshot.keep", "2");
        settings.put("snapmask.masking.rules", rules().toString());
        return settings;
    }

    /** The shipped rules, plus a table the rules skip and one they cut to some rows. */
    private static Path rules() {
        try {
            String shipped = Files.readString(Path.of("config/masking.yaml"));
            return TestRules.write(shipped.replace("  categories:\n", "  categories:\n    where: \"id <= 10\"\n") + "  migrations: skip\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> sanitized() {
        return Map.of("snapmask:sanitized", "true", "snapmask:created-by", "snapmask@ops-host");
    }

    private static RunContext refresh(Map<String, String> settings) {
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    private static int port() {
        return Integer.parseInt(instanceServer.url().replaceAll(".*:(\\d+)/$", "$1"));
    }

    /** The master user, which the scrub keeps; root is one of the accounts it drops. */
    private static Connection master() throws SQLException {
        try {
            return new MySqlServer("instance", instanceServer.url(), MASTER, masterPassword).connect(null);
        } catch (SQLException firstTime) {
            try (Connection root = instanceServer.root().connect(null)) {
                Sql.execute(root, "CREATE USER IF NOT EXISTS '" + MASTER + "'@'127.0.0.1' IDENTIFIED WITH mysql_native_password BY '"
                        + masterPassword + "'");
                Sql.execute(root, "GRANT ALL ON *.* TO '" + MASTER + "'@'127.0.0.1' WITH GRANT OPTION");
            }
            return new MySqlServer("instance", instanceServer.url(), MASTER, masterPassword).connect(null);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
