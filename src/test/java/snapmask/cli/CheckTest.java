package snapmask.cli;

import org.junit.jupiter.api.Tag;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.testing.MetabaseFake;
import snapmask.testing.RdsFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code snapmask check} says what works and what does not, and changes nothing. */
@Tag("fast")
class CheckTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    private record Result(int exitCode, String output) {
    }

    private static Result check(Map<String, String> settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = Check.run(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> settings(String analyticsDb) {
        Map<String, String> settings = TestApp.settings(analyticsDb, mail);
        settings.put("snapmask.watch.enabled", "true");
        settings.put("snapmask.watch.targets", "analytics");
        settings.put("snapmask.watch.freshness", "0");
        return settings;
    }

    @Test
    void the_watch_targets_are_not_probed_when_the_watch_is_off() {
        Map<String, String> settings = settings("analytics_check_nowatch");
        settings.put("snapmask.watch.enabled", "false");
        settings.put("snapmask.watch.targets", "metabase");
        settings.put("snapmask.watch.metabase.url", "http://127.0.0.1:" + MetabaseFake.freePort() + "/api/health");
        Result result = check(settings);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).contains("SKIP  watch             not checked: snapmask.watch.enabled is false")
                .doesNotContain("metabase");
    }

    @Test
    void everything_reachable_passes_and_nothing_is_created_or_sent() {
        Result result = check(settings("analytics_check_ok"));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output())
                .contains("OK    configuration")
                .containsPattern("OK    analytics server +\\S+MariaDB at 127\\.0\\.0\\.1:\\d+ as root@.*; database analytics_check_ok"
                        + " does not exist yet \\(the first run creates it\\)")
                .containsPattern("OK    source            a run would start from local:production of production \\(20\\S+Z\\)\\n")
                .contains("OK    masking rules     config/masking.yaml fits production")
                .containsPattern("OK    smtp +127\\.0\\.0\\.1:\\d+ accepts connections; mails go to ops@example\\.com")
                .contains("OK    watch analytics (SELECT 1 on 127.0.0.1:")
                .contains("all checks passed; nothing was changed");
        assertThat(TestDatabase.databasesLike("analytics\\_check\\_ok%")).as("no database, no history schema").isEmpty();
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void each_unreachable_part_is_named() {
        Map<String, String> settings = settings("analytics_check_bad");
        settings.put("snapmask.analytics.url", "jdbc:mysql://127.0.0.1:" + MetabaseFake.freePort() + "/");
        settings.put("snapmask.mail.port", String.valueOf(MetabaseFake.freePort()));
        settings.put("snapmask.watch.targets", "metabase");
        settings.put("snapmask.watch.metabase.url", "http://127.0.0.1:" + MetabaseFake.freePort() + "/api/health");
        settings.put("snapmask.local.database", "no_such_production");
        Result result = check(settings);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .containsPattern("FAIL  analytics server  cannot connect to 127\\.0\\.0\\.1:\\d+ as root \\(snapmask\\.analytics\\.url/\\.user/\\.password/\\.ssl-mode/\\.ssl-ca\\): Communications link failure\n")
                .contains("FAIL  source            source database 'no_such_production' does not exist on 127.0.0.1:")
                .contains("FAIL  smtp              cannot talk to 127.0.0.1:")
                .contains("FAIL  watch metabase (GET http://127.0.0.1:")
                .contains("connection refused")
                .contains("SKIP  masking rules     not checked: no_such_production does not exist yet")
                .contains("4 check(s) failed; nothing was changed");
    }

    @Test
    void a_wrong_configuration_exits_2_with_every_problem() {
        Map<String, String> settings = settings("analytics_check_conf");
        settings.put("snapmask.schedule.cron", "every night");
        settings.put("snapmask.load.threads", "0");
        Result result = check(settings);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("FAIL  configuration     2 problems in the configuration")
                .contains("snapmask.schedule.cron is 'every night'").contains("snapmask.load.threads is 0, must be between 1 and 16");
    }

    @Test
    void for_rds_it_proves_the_credentials_with_read_only_calls() {
        try (RdsFake rds = new RdsFake(TestDatabase.server().port())) {
            rds.snapshot("rds:prod-2026-11-24", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available");
            Result result = check(TestApp.rdsSettings("analytics_check_rds", rds, mail));
            assertThat(result.output()).contains("OK    source            a run would start from rds:prod-2026-11-24 of prod"
                    + " (2026-11-24T03:00:00Z)");
            assertThat(result.output()).contains("OK    aws permissions   rds:DescribeDBInstances answered");
            assertThat(rds.requests()).extracting(r -> r.get("Action")).allMatch(action -> action.startsWith("Describe"));
        }
    }

    @Test
    void with_the_snapshot_output_it_counts_the_sanitized_snapshots_and_names_the_calls_it_does_not_try() {
        try (RdsFake rds = new RdsFake(TestDatabase.server().port())) {
            rds.snapshot("rds:prod-2026-11-24", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                    .snapshot("snapmask-sanitized-20261124-030000-abcd", "snapmask-20261124-030000-abcd",
                            Instant.parse("2026-11-24T03:40:00Z"), Map.of("snapmask:sanitized", "true"));
            Map<String, String> settings = TestApp.rdsSettings("analytics_check_snapshot", rds, mail);
            settings.put("snapmask.output", "analytics, snapshot");
            settings.put("snapmask.snapshot.share-with", "123456789012");
            Result result = check(settings);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("OK    snapshot output   1 sanitized snapshot(s) snapmask-sanitized-* now, the newest 7"
                    + " kept, shared with 123456789012; rds:CreateDBSnapshot, rds:ModifyDBSnapshotAttribute, rds:DeleteDBSnapshot are"
                    + " not tried (they would act)");
            assertThat(rds.requests()).extracting(r -> r.get("Action")).allMatch(action -> action.startsWith("Describe"));
        }
    }

    @Test
    void with_promote_it_finds_the_analytics_instance_and_refuses_a_url_that_would_not_follow_the_rename() {
        try (RdsFake rds = new RdsFake(TestDatabase.server().port())) {
            rds.snapshot("rds:prod-2026-11-24", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                    .instance("analytics", "available", Map.of());
            Map<String, String> settings = TestApp.rdsSettings("analytics_check_promote", rds, mail);
            settings.put("snapmask.output", "promote");
            settings.put("snapmask.promote.instance", "analytics");
            Result byEndpoint = check(settings);
            assertThat(byEndpoint.output()).contains("OK    promote output    analytics is available at 127.0.0.1; rds:ModifyDBInstance"
                    + " (the renames) and rds:AddTagsToResource are not tried");

            settings.put("snapmask.analytics.url", TestDatabase.jdbcUrl().replace("127.0.0.1", "localhost"));
            Result byOtherName = check(settings);
            assertThat(byOtherName.exitCode()).isEqualTo(1);
            assertThat(byOtherName.output()).contains("FAIL  promote output    snapmask.analytics.url (jdbc:mysql://localhost:")
                    .contains("does not use analytics's endpoint name 127.0.0.1: after a promotion it would still reach the old instance");
            assertThat(rds.requests()).extracting(r -> r.get("Action")).allMatch(action -> action.startsWith("Describe"));
        }
    }

    @Test
    void a_policy_without_the_sweeps_read_is_named_before_the_first_night_fails_on_it() {
        try (RdsFake rds = new RdsFake(TestDatabase.server().port())) {
            rds.snapshot("rds:prod-2026-11-24", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                    .refuseDescribeInstances("AccessDenied");
            Result result = check(TestApp.rdsSettings("analytics_check_rds_denied", rds, mail));
            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains("OK    source            a run would start from rds:prod-2026-11-24")
                    .contains("FAIL  aws permissions   refused: rds:DescribeDBInstances (AccessDenied); every run would fail at"
                            + " sweep-leftovers: grant what docs/iam-policy.json lists");
        }
    }
}
