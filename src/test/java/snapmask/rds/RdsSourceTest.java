package snapmask.rds;

import snapmask.schema.Sql;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.RdsFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rds source end to end: the real SDK client, over HTTP, against an RDS fake whose instances live in the test MariaDB. */
class RdsSourceTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    private RdsFake rds;

    @BeforeEach
    void fake() {
        TestDatabase.sampleProduction();
        // pages of two: every describe of instances or snapshots follows markers
        rds = new RdsFake(TestDatabase.server().port()).pageSize(2)
                .instance("prod", "available", Map.of())
                .snapshot("rds:prod-2026-11-23-03-00", "prod", "automated", Instant.parse("2026-11-23T03:00:00Z"), "available")
                .snapshot("rds:prod-2026-11-24-03-00", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .snapshot("rds:prod-2026-11-25-03-00", "prod", "automated", Instant.parse("2026-11-25T03:00:00Z"), "creating")
                .snapshot("manual-before-upgrade", "prod", "manual", Instant.parse("2026-11-24T12:00:00Z"), "available")
                .onRestore(id -> TestDatabase.copyDatabase(TestDatabase.PRODUCTION, TestApp.RDS_DATABASE))
                .onDelete(id -> TestDatabase.execute("DROP DATABASE IF EXISTS " + Sql.name(TestApp.RDS_DATABASE)));
    }

    @AfterEach
    void stopFake() {
        rds.close();
    }

    private RunContext refresh(Map<String, String> settings) {
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    /**
     * As on RDS for MySQL 8: the restored instance is a MySQL 8 server, its master account on
     * caching_sha2_password, and the password snapmask resets is the one it then logs in with,
     * over TLS (snapmask.rds.ssl-mode defaults to required; without TLS that account could not log
     * in at all, as snapmask never fetches the server's key over plaintext).
     */
    @Test
    void a_restored_mysql_8_instance_is_reached_over_tls_with_the_password_snapmask_set() {
        Engine mysql = Engine.MYSQL8;
        mysql.copyDatabase(mysql.sampleProduction(), TestApp.RDS_DATABASE);
        mysql.execute("DROP USER IF EXISTS 'rds_master'@'127.0.0.1'",
                "CREATE USER 'rds_master'@'127.0.0.1' IDENTIFIED WITH caching_sha2_password BY 'the-snapshots-password'",
                "GRANT ALL ON *.* TO 'rds_master'@'127.0.0.1' WITH GRANT OPTION");
        rds.close();
        String port = mysql.jdbcUrl().replaceAll(".*:(\\d+)/$", "$1");
        rds = new RdsFake(Integer.parseInt(port)).masterUsername("rds_master")
                .instance("prod", "available", Map.of())
                .snapshot("rds:prod-2026-11-24-03-00", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .onPasswordReset(password -> mysql.execute("ALTER USER 'rds_master'@'127.0.0.1' IDENTIFIED BY '" + password + "'"))
                .onDelete(id -> mysql.execute("DROP DATABASE IF EXISTS " + Sql.name(TestApp.RDS_DATABASE)));
        mysql.execute("DROP DATABASE IF EXISTS analytics_rds_mysql");
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_mysql", rds, null);
        settings.put("snapmask.analytics.url", mysql.jdbcUrl());

        RunContext run = refresh(settings);

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(mysql.rowCounts("analytics_rds_mysql")).isEqualTo(mysql.rowCounts(TestDatabase.PRODUCTION));
        assertThat(mysql.rows("SELECT username FROM analytics_rds_mysql.users WHERE id = 5"))
                .containsExactly(Map.of("username", "masking_dummy_5"));
        assertThat(rds.requests("ModifyDBInstance")).singleElement().satisfies(m -> assertThat(m.get("MasterUserPassword")).hasSize(32));
        assertThat(mysql.databasesLike(TestApp.RDS_DATABASE)).as("deleted with the instance").isEmpty();
    }

    @Test
    void the_newest_available_automated_snapshot_is_restored_masked_loaded_and_deleted() {
        RunContext run = refresh(TestApp.rdsSettings("analytics_rds", rds, null));

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.snapshot().id()).isEqualTo("rds:prod-2026-11-24-03-00");
        assertThat(TestDatabase.rowCounts("analytics_rds")).isEqualTo(TestDatabase.rowCounts(TestDatabase.PRODUCTION));
        assertThat(TestDatabase.rows("SELECT username FROM analytics_rds.users WHERE id = 5")).containsExactly(
                Map.of("username", "masking_dummy_5"));

        String instance = "snapmask-" + run.id();
        Map<String, String> restore = rds.requests("RestoreDBInstanceFromDBSnapshot").get(0);
        assertThat(restore).containsEntry("DBInstanceIdentifier", instance)
                .containsEntry("DBSnapshotIdentifier", "rds:prod-2026-11-24-03-00")
                .containsEntry("DBInstanceClass", "db.t3.micro")
                .containsEntry("DBSubnetGroupName", "analytics-subnets")
                .containsEntry("DBParameterGroupName", "mysql80-analytics")
                .containsEntry("AvailabilityZone", "eu-west-1a")
                .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-111")
                .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.2", "sg-222")
                .containsEntry("PubliclyAccessible", "false")
                .containsEntry("MultiAZ", "false")
                .containsEntry("BackupRetentionPeriod", "0")
                .doesNotContainKeys("StorageType", "Iops", "StorageThroughput")
                .containsEntry("Tags.Tag.1.Key", "snapmask:run-id").containsEntry("Tags.Tag.1.Value", run.id())
                .containsEntry("Tags.Tag.2.Key", "snapmask:created-by");
        Map<String, String> modify = rds.requests("ModifyDBInstance").get(0);
        assertThat(modify).containsEntry("DBInstanceIdentifier", instance).containsEntry("ApplyImmediately", "true");
        assertThat(modify.get("MasterUserPassword")).hasSize(32);
        assertThat(rds.requests("DeleteDBInstance")).singleElement().satisfies(delete -> assertThat(delete)
                .containsEntry("DBInstanceIdentifier", instance).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(run.cleanup()).contains("RDS instance " + instance + " deleted (no final snapshot)");
    }

    @Test
    void the_production_instance_is_only_ever_described() {
        rds.instance("snapmask-20200101-000000-dead", "available", Map.of("snapmask:run-id", "20200101-000000-dead",
                "snapmask:created-by", "snapmask@old-host"));
        refresh(TestApp.rdsSettings("analytics_rds_safety", rds, null));
        List<Map<String, String>> aboutProd = rds.requests().stream()
                .filter(r -> "prod".equals(r.get("DBInstanceIdentifier"))).toList();
        assertThat(aboutProd).isNotEmpty().allSatisfy(r -> assertThat(r.get("Action")).startsWith("Describe"));
        assertThat(rds.status()).containsEntry("prod", "available");
    }

    @Test
    void the_master_password_never_reaches_the_log() throws Exception {
        refresh(TestApp.rdsSettings("analytics_rds_log", rds, null));
        String password = rds.requests("ModifyDBInstance").get(0).get("MasterUserPassword");
        assertThat(Files.readString(Path.of("logs/snapmask.log"))).doesNotContain(password);
    }

    @Test
    void manual_snapshots_are_used_when_configured() {
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_manual", rds, null);
        settings.put("snapmask.rds.snapshot-type", "manual");
        RunContext run = refresh(settings);
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.snapshot().id()).isEqualTo("manual-before-upgrade");
    }

    @Test
    void the_temporary_instance_gets_the_configured_storage() {
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_storage", rds, null);
        settings.put("snapmask.rds.storage-type", "gp3");
        settings.put("snapmask.rds.iops", "12000");
        settings.put("snapmask.rds.storage-throughput", "500");
        assertThat(refresh(settings).status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(rds.requests("RestoreDBInstanceFromDBSnapshot").get(0)).containsEntry("StorageType", "gp3")
                .containsEntry("Iops", "12000").containsEntry("StorageThroughput", "500").containsEntry("BackupRetentionPeriod", "0");
    }

    @Test
    void no_snapshot_fails_the_find_step_and_restores_nothing() {
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_none", rds, null);
        settings.put("snapmask.rds.instance", "other-prod");
        RunContext run = refresh(settings);
        assertThat(run.failedStep()).isEqualTo("find-snapshot");
        assertThat(run.failure()).hasMessageContaining("no available automated snapshot of RDS instance 'other-prod' in eu-west-1");
        assertThat(rds.requests("RestoreDBInstanceFromDBSnapshot")).isEmpty();
    }

    @Test
    void a_refused_restore_fails_at_once_with_the_aws_error_code_and_is_mailed() throws Exception {
        rds.refuseRestore("InsufficientDBInstanceCapacity");
        RunContext run = refresh(TestApp.rdsSettings("analytics_rds_refused", rds, mail));
        assertThat(run.failedStep()).isEqualTo("restore");
        assertThat(rds.requests("RestoreDBInstanceFromDBSnapshot")).as("a permanent error is not retried").hasSize(1);
        String body = failureMail("snapmask refresh: FAILED in step restore");
        assertThat(body).contains("InsufficientDBInstanceCapacity").contains("Temporary:  rds-restored on a server not ready yet (snapmask-"
                + run.id() + ")").contains("was not created, nothing to delete").doesNotContain("ACTION NEEDED");
        assertThat(history("analytics_rds_refused", run)).containsEntry("status", "FAILED").containsEntry("failed_step", "restore");
    }

    @Test
    void an_instance_that_never_becomes_available_times_out_is_deleted_and_mailed() throws Exception {
        rds.neverAvailable(true);
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_timeout", rds, mail);
        settings.put("snapmask.rds.ready-timeout-s", "1");
        RunContext run = refresh(settings);
        assertThat(run.failedStep()).isEqualTo("await-ready");
        assertThat(rds.requests("DeleteDBInstance")).extracting(r -> r.get("DBInstanceIdentifier"))
                .containsExactly("snapmask-" + run.id());
        String body = failureMail("snapmask refresh: FAILED in step await-ready");
        assertThat(body).contains("was not ready within").contains("snapmask.rds.ready-timeout-s")
                .contains("RDS instance snapmask-" + run.id() + " deleted");
        assertThat(history("analytics_rds_timeout", run)).containsEntry("status", "FAILED").containsEntry("failed_step", "await-ready");
    }

    @Test
    void a_failed_delete_after_a_failed_restore_comes_first_in_the_mail() throws Exception {
        rds.neverAvailable(true).refuseDelete("InvalidDBInstanceState");
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_stuck", rds, mail);
        settings.put("snapmask.rds.ready-timeout-s", "1");
        RunContext run = refresh(settings);
        String body = failureMail("snapmask refresh: FAILED in step await-ready (temporary copy NOT removed)");
        assertThat(body.lines().findFirst().orElseThrow()).startsWith("ACTION NEEDED: NOT CLEANED UP: RDS instance snapmask-" + run.id())
                .contains("aws rds delete-db-instance --db-instance-identifier snapmask-" + run.id());
        assertThat(body).contains("Cause:      RDS instance snapmask-" + run.id() + " was not ready within");
        assertThat(history("analytics_rds_stuck", run)).containsEntry("status", "FAILED").containsEntry("failed_step", "await-ready");
    }

    private static String failureMail(String subject) throws Exception {
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo(subject);
        return message.getContent().toString();
    }

    private static Map<String, String> history(String analytics, RunContext run) {
        return TestDatabase.rows("SELECT status, failed_step FROM " + analytics + "_history.runs WHERE run_id = '" + run.id() + "'").get(0);
    }

    @Test
    void a_failed_delete_is_the_first_line_of_the_failure_mail() throws Exception {
        rds.refuseDelete("InvalidDBInstanceState");
        RunContext run = refresh(TestApp.rdsSettings("analytics_rds_nodelete", rds, mail));
        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("drop-copy");
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step drop-copy (temporary copy NOT removed)");
        String firstLine = message.getContent().toString().lines().findFirst().orElseThrow();
        assertThat(firstLine).startsWith("ACTION NEEDED: NOT CLEANED UP: RDS instance snapmask-" + run.id())
                .contains("InvalidDBInstanceState");
    }

    /** The aws2-rds check: what `snapmask health` and JMX show about the RDS API the next run needs. */
    @Test
    void health_shows_whether_rds_answers_the_client_the_routes_use() throws Exception {
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_health", rds, null);
        try (TestApp app = TestApp.start(settings)) {
            // what JMX and the service's `health <host:port>` read: Camel's health registry
            assertThat(org.apache.camel.health.HealthCheckHelper.invoke(app.context(),
                    (java.util.function.Predicate<org.apache.camel.health.HealthCheck>) check -> !check.getId().equals("aws2-rds")))
                    .singleElement().satisfies(result -> {
                        assertThat(result.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
                        assertThat(result.getMessage()).hasValue("RDS answers in eu-west-1");
                    });
        }
        assertThat(rds.requests("DescribeDBInstances")).last().satisfies(r -> assertThat(r).containsEntry("MaxRecords", "20"));

        rds.refuseDescribeInstances("AccessDenied");
        assertThat(TestApp.health(settings, 1)).containsPattern("DOWN +aws2-rds +RDS refuses: AccessDenied: not authorized to perform rds:DescribeDBInstances")
                .endsWith("UNHEALTHY\n");
    }

    @Test
    void throttling_is_retried_and_the_run_succeeds() {
        rds.throttle(2);
        RunContext run = refresh(TestApp.rdsSettings("analytics_rds_throttled", rds, null));
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(rds.requests().subList(0, 3)).extracting(r -> r.get("Action")).as("the first call, twice throttled, then answered")
                .containsOnly(rds.requests().get(0).get("Action"));
    }

    @Test
    void a_leftover_instance_is_swept_and_an_untagged_look_alike_is_left_alone() {
        rds.instance("snapmask-20200101-000000-dead", "available", Map.of("snapmask:run-id", "20200101-000000-dead",
                "snapmask:created-by", "snapmask@old-host"));
        rds.instance("snapmask-by-hand", "available", Map.of("team", "data"));
        RunContext run = refresh(TestApp.rdsSettings("analytics_rds_sweep", rds, null));
        assertThat(rds.requests("DeleteDBInstance")).extracting(r -> r.get("DBInstanceIdentifier"))
                .contains("snapmask-20200101-000000-dead").doesNotContain("snapmask-by-hand", "prod");
        assertThat(run.cleanup()).contains("swept leftover RDS instance snapmask-20200101-000000-dead (run 20200101-000000-dead)");
    }

    /**
     * Ops stop the refresh route (JMX) while the run waits for its instance: the wait gives up at its
     * next turn, not at its deadline.
     */
    @Test
    void stopping_the_refresh_route_during_the_wait_aborts_the_run_at_the_next_poll_and_deletes_its_instance() throws Exception {
        rds.neverAvailable(true);
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_route_stop", rds, null);
        settings.put("snapmask.rds.ready-timeout-s", "600");
        try (TestApp app = TestApp.start(settings)) {
            CompletableFuture<RunContext> running = CompletableFuture.supplyAsync(app::refresh);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.ledger().current() != null
                    && "await-ready".equals(app.ledger().current().currentStep()));
            String instance = rds.requests("RestoreDBInstanceFromDBSnapshot").get(0).get("DBInstanceIdentifier");

            app.context().getRouteController().stopRoute("refresh");

            RunContext stopped = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(stopped.status()).isEqualTo(RunContext.Status.ABORTED);
            assertThat(stopped.failedStep()).isEqualTo("await-ready");
            assertThat(stopped.failure()).hasMessage("route refresh was stopped; run " + stopped.id() + " gives up waiting for " + instance);
            assertThat(rds.requests("DeleteDBInstance")).extracting(r -> r.get("DBInstanceIdentifier")).containsExactly(instance);
        }
    }

    @Test
    void a_run_stopped_midway_deletes_its_instance_and_the_next_start_finds_nothing_left() {
        rds.neverAvailable(true);
        Map<String, String> settings = TestApp.rdsSettings("analytics_rds_stopped", rds, null);
        settings.put("snapmask.rds.ready-timeout-s", "600");
        TestApp app = TestApp.start(settings);
        CompletableFuture<RunContext> running = CompletableFuture.supplyAsync(app::refresh);
        await().atMost(Duration.ofSeconds(30)).until(() -> !rds.requests("RestoreDBInstanceFromDBSnapshot").isEmpty());
        String instance = rds.requests("RestoreDBInstanceFromDBSnapshot").get(0).get("DBInstanceIdentifier");
        app.close();
        RunContext stopped = running.join();
        assertThat(stopped.status()).isEqualTo(RunContext.Status.ABORTED);
        assertThat(stopped.failure()).hasMessageContaining("snapmask is stopping");
        assertThat(rds.requests("DeleteDBInstance")).as(String.join("; ", stopped.cleanup()))
                .extracting(r -> r.get("DBInstanceIdentifier")).containsExactly(instance);

        rds.neverAvailable(false);
        RunContext again = refresh(TestApp.rdsSettings("analytics_rds_stopped", rds, null));
        assertThat(again.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(again.cleanup()).noneMatch(l -> l.startsWith("swept"));
        assertThat(rds.status()).allSatisfy((id, status) -> assertThat(id.equals("prod") || status.equals("deleting"))
                .as("%s is %s", id, status).isTrue());
    }
}
