package snapmask.rds;

import snapmask.schema.Sql;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.testing.RdsFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The aurora source end to end: the real SDK client, over HTTP, against the RDS fake's clusters,
 * whose instances live in the test MariaDB. Production's cluster is {@code prod-cluster}.
 */
class AuroraSourceTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    private static final Map<String, String> OWNED = Map.of("snapmask:run-id", "20200101-000000-dead",
            "snapmask:created-by", "snapmask@old-host");

    private RdsFake rds;

    @BeforeEach
    void fake() {
        TestDatabase.sampleProduction();
        // pages of two: the newest available snapshot is on the second page
        rds = new RdsFake(TestDatabase.server().port()).pageSize(2)
                .cluster("prod-cluster", "available", Map.of(), "prod-cluster-instance-1")
                .clusterSnapshot("rds:prod-cluster-2026-11-23-03-00", "prod-cluster", "automated", Instant.parse("2026-11-23T03:00:00Z"), "available")
                .clusterSnapshot("rds:prod-cluster-2026-11-25-03-00", "prod-cluster", "automated", Instant.parse("2026-11-25T03:00:00Z"), "creating")
                .clusterSnapshot("rds:prod-cluster-2026-11-24-03-00", "prod-cluster", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .onRestore(id -> TestDatabase.copyDatabase(TestDatabase.PRODUCTION, TestApp.RDS_DATABASE))
                .onDelete(id -> TestDatabase.execute("DROP DATABASE IF EXISTS " + Sql.name(TestApp.RDS_DATABASE)));
    }

    @AfterEach
    void stopFake() {
        rds.close();
    }

    private Map<String, String> settings(String analytics, String method) {
        Map<String, String> settings = TestApp.rdsSettings(analytics, rds, mail);
        settings.put("snapmask.source", "aurora");
        settings.remove("snapmask.rds.instance");
        settings.put("snapmask.aurora.cluster", "prod-cluster");
        settings.put("snapmask.aurora.method", method);
        return settings;
    }

    private RunContext refresh(Map<String, String> settings) {
        settings.putIfAbsent("snapmask.aurora.cluster-parameter-group", "aurora-mysql80-local-infile");
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    private List<String> actions() {
        return rds.requests().stream().map(r -> r.get("Action")).toList();
    }

    @Test
    void the_newest_cluster_snapshot_becomes_a_cluster_with_one_writer_masked_loaded_and_deleted_instance_first() {
        RunContext run = refresh(settings("analytics_aurora", "snapshot"));

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.snapshot().id()).isEqualTo("rds:prod-cluster-2026-11-24-03-00");
        assertThat(TestDatabase.rowCounts("analytics_aurora")).isEqualTo(TestDatabase.rowCounts(TestDatabase.PRODUCTION));
        assertThat(TestDatabase.rows("SELECT username FROM analytics_aurora.users WHERE id = 5"))
                .containsExactly(Map.of("username", "masking_dummy_5"));

        String cluster = "snapmask-" + run.id();
        assertThat(rds.requests("RestoreDBClusterFromSnapshot")).singleElement().satisfies(restore -> assertThat(restore)
                .containsEntry("DBClusterIdentifier", cluster)
                .containsEntry("SnapshotIdentifier", "rds:prod-cluster-2026-11-24-03-00")
                .containsEntry("Engine", "aurora-mysql")
                .containsEntry("DBSubnetGroupName", "analytics-subnets")
                .containsEntry("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-111")
                .containsEntry("DBClusterParameterGroupName", "aurora-mysql80-local-infile")
                .containsEntry("Tags.Tag.1.Key", "snapmask:run-id").containsEntry("Tags.Tag.1.Value", run.id()));
        assertThat(rds.requests("CreateDBInstance")).singleElement().satisfies(writer -> assertThat(writer)
                .containsEntry("DBInstanceIdentifier", cluster + "-writer")
                .containsEntry("DBClusterIdentifier", cluster)
                .containsEntry("DBInstanceClass", "db.t3.medium")
                .containsEntry("DBParameterGroupName", "mysql80-analytics")
                .containsEntry("Engine", "aurora-mysql")
                .containsEntry("PubliclyAccessible", "false")
                .containsEntry("Tags.Tag.1.Value", run.id()));
        assertThat(rds.requests("ModifyDBCluster")).singleElement().satisfies(modify -> {
            assertThat(modify).containsEntry("DBClusterIdentifier", cluster).containsEntry("ApplyImmediately", "true");
            assertThat(modify.get("MasterUserPassword")).hasSize(32);
        });
        // AWS deletes a cluster only without instances: the writer goes first
        assertThat(actions()).containsSubsequence("DeleteDBInstance", "DeleteDBCluster");
        assertThat(rds.requests("DeleteDBCluster")).singleElement().satisfies(delete -> assertThat(delete)
                .containsEntry("DBClusterIdentifier", cluster).containsEntry("SkipFinalSnapshot", "true"));
        assertThat(run.cleanup()).contains("RDS instance " + cluster + "-writer deleted (no final snapshot)",
                "Aurora cluster " + cluster + " deleted (no final snapshot)");
        // production's cluster is only ever described
        assertThat(rds.requests().stream().filter(r -> "prod-cluster".equals(r.get("DBClusterIdentifier"))))
                .allSatisfy(r -> assertThat(r.get("Action")).startsWith("Describe"));
        assertThat(rds.clusterStatus()).containsOnly(Map.entry("prod-cluster", "available"), Map.entry(cluster, "deleting"));
    }

    @Test
    void check_names_the_snapshot_a_run_would_start_from_and_proves_the_sweeps_reads() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int exit = snapmask.cli.Check.run(settings("analytics_aurora_check", "snapshot"),
                new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        String output = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(exit).as(output).isEqualTo(0);
        assertThat(output).contains("OK    source            a run would start from rds:prod-cluster-2026-11-24-03-00 of prod-cluster")
                .contains("OK    aws permissions   rds:DescribeDBInstances, rds:DescribeDBClusters answered");
        assertThat(actions()).allMatch(action -> action.startsWith("Describe"));
    }

    @Test
    void the_clone_method_clones_the_live_cluster_copy_on_write_without_a_snapshot() {
        RunContext run = refresh(settings("analytics_aurora_clone", "clone"));

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.snapshot().id()).isEqualTo("clone of prod-cluster");
        assertThat(rds.requests("DescribeDBClusterSnapshots")).isEmpty();
        assertThat(rds.requests("RestoreDBClusterToPointInTime")).singleElement().satisfies(clone -> assertThat(clone)
                .containsEntry("DBClusterIdentifier", "snapmask-" + run.id())
                .containsEntry("SourceDBClusterIdentifier", "prod-cluster")
                .containsEntry("RestoreType", "copy-on-write")
                .containsEntry("UseLatestRestorableTime", "true"));
        assertThat(TestDatabase.rowCounts("analytics_aurora_clone")).isEqualTo(TestDatabase.rowCounts(TestDatabase.PRODUCTION));
        assertThat(rds.clusterStatus()).containsOnly(Map.entry("prod-cluster", "available"), Map.entry("snapmask-" + run.id(), "deleting"));
    }

    @Test
    void no_cluster_snapshot_fails_the_find_step_mails_and_restores_nothing() throws Exception {
        Map<String, String> settings = settings("analytics_aurora_none", "snapshot");
        settings.put("snapmask.rds.snapshot-type", "manual");
        RunContext run = refresh(settings);

        assertThat(run.failedStep()).isEqualTo("find-snapshot");
        assertThat(failureMail("snapmask refresh: FAILED in step find-snapshot"))
                .contains("no available manual snapshot of Aurora cluster 'prod-cluster' in eu-west-1")
                .doesNotContain("ACTION NEEDED");
        assertThat(actions()).doesNotContain("RestoreDBClusterFromSnapshot", "CreateDBInstance");
    }

    @Test
    void a_refused_clone_is_mailed_and_nothing_is_left() throws Exception {
        rds.refuseClone("InsufficientDBClusterCapacityFault");
        RunContext run = refresh(settings("analytics_aurora_refused", "clone"));

        assertThat(run.failedStep()).isEqualTo("restore");
        assertThat(failureMail("snapmask refresh: FAILED in step restore")).contains("InsufficientDBClusterCapacityFault")
                .doesNotContain("ACTION NEEDED");
        assertThat(run.cleanup()).contains("Aurora cluster snapmask-" + run.id() + " was not created, nothing to delete");
        assertThat(rds.clusterStatus()).containsOnlyKeys("prod-cluster");
    }

    @Test
    void a_writer_that_never_becomes_available_times_out_and_instance_and_cluster_are_deleted() throws Exception {
        rds.neverAvailable(true);
        Map<String, String> settings = settings("analytics_aurora_slow", "snapshot");
        settings.put("snapmask.rds.ready-timeout-s", "1");
        RunContext run = refresh(settings);

        assertThat(run.failedStep()).isEqualTo("await-ready");
        assertThat(failureMail("snapmask refresh: FAILED in step await-ready")).contains("was not ready within")
                .doesNotContain("ACTION NEEDED");
        String cluster = "snapmask-" + run.id();
        assertThat(run.cleanup()).contains("RDS instance " + cluster + "-writer deleted (no final snapshot)",
                "Aurora cluster " + cluster + " deleted (no final snapshot)");
        assertThat(rds.clusterStatus()).containsEntry(cluster, "deleting");
    }

    @Test
    void a_refused_delete_comes_first_in_the_mail_with_the_commands_that_remove_both() throws Exception {
        rds.refuseDelete("InvalidDBInstanceState");
        RunContext run = refresh(settings("analytics_aurora_nodelete", "snapshot"));

        assertThat(run.failedStep()).isEqualTo("drop-copy");
        String cluster = "snapmask-" + run.id();
        assertThat(failureMail("snapmask refresh: FAILED in step drop-copy (temporary copy NOT removed)"))
                .startsWith("ACTION NEEDED: NOT CLEANED UP: RDS instance " + cluster + "-writer could not be deleted")
                .contains("Aurora cluster " + cluster + " keeps instance(s) [" + cluster + "-writer] that could not be deleted")
                .contains("aws rds delete-db-cluster --db-cluster-identifier " + cluster + " --skip-final-snapshot");
    }

    @Test
    void the_clusters_that_killed_runs_left_are_swept_their_instances_first() {
        rds.cluster("snapmask-20200101-000000-dead", "available", OWNED, "snapmask-20200101-000000-dead-writer")
                .cluster("snapmask-20200101-000001-beef", "available", OWNED)
                .cluster("someone-elses", "available", Map.of(), "someone-elses-1");
        RunContext run = refresh(settings("analytics_aurora_sweep", "snapshot"));

        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(rds.requests("DeleteDBInstance")).extracting(r -> r.get("DBInstanceIdentifier"))
                .contains("snapmask-20200101-000000-dead-writer").doesNotContain("someone-elses-1", "prod-cluster-instance-1");
        assertThat(rds.requests("DeleteDBCluster")).extracting(r -> r.get("DBClusterIdentifier"))
                .contains("snapmask-20200101-000001-beef").doesNotContain("someone-elses", "prod-cluster");
        assertThat(run.cleanup()).contains("swept leftover Aurora cluster snapmask-20200101-000001-beef (run 20200101-000000-dead)",
                "swept the instances of leftover Aurora cluster snapmask-20200101-000000-dead (run 20200101-000000-dead); the cluster"
                        + " itself goes at the next run");
    }

    @Test
    void a_stop_while_the_writer_is_deleted_leaves_the_cluster_to_the_next_run_which_deletes_it() {
        rds.neverAvailable(true).deletesTake(1000);
        Map<String, String> settings = settings("analytics_aurora_stopped", "snapshot");
        settings.put("snapmask.rds.ready-timeout-s", "600");
        TestApp app = TestApp.start(settings);
        CompletableFuture<RunContext> running = CompletableFuture.supplyAsync(app::refresh);
        await().atMost(Duration.ofSeconds(30)).until(() -> !rds.requests("CreateDBInstance").isEmpty());
        app.close();
        RunContext stopped = running.join();

        assertThat(stopped.status()).isEqualTo(RunContext.Status.ABORTED);
        String cluster = "snapmask-" + stopped.id();
        assertThat(stopped.cleanup()).contains("RDS instance " + cluster + "-writer deleted (no final snapshot)",
                "Aurora cluster " + cluster + ": its instance is being deleted; snapmask stopped before it was gone, so the next"
                        + " run deletes the cluster");
        assertThat(stopped.isCleanupFailed()).as("nothing for ops to do").isFalse();
        assertThat(rds.clusterStatus()).containsEntry(cluster, "available");

        // the next run: the instance still being deleted is asked no more, the cluster follows once it is gone
        rds.neverAvailable(false).deletesTake(1);
        RunContext next = refresh(settings("analytics_aurora_stopped", "snapshot"));
        assertThat(next.status()).as(String.valueOf(next.failure())).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(next.cleanup()).contains("swept the instances of leftover Aurora cluster " + cluster + " (run " + stopped.id()
                + "); the cluster itself goes at the next run");
        rds.deletesFinish();
        RunContext third = refresh(settings("analytics_aurora_stopped", "snapshot"));
        assertThat(third.cleanup()).contains("swept leftover Aurora cluster " + cluster + " (run " + stopped.id() + ")");
    }

    private static String failureMail(String subject) throws Exception {
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo(subject);
        return message.getContent().toString();
    }
}
