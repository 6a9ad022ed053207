package snapmask.cli;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import snapmask.testing.RdsFake;
import snapmask.testing.TestMail;
import snapmask.testing.TestDirs;
import snapmask.testing.ForkedSnapmask;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** run-once in its own JVM, as cron would start it: the exit code tells success from failure. */
class RunOnceTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @Test
    void a_successful_refresh_exits_0_and_prints_the_report() throws Exception {
        Result result = runOnce(TestApp.settings("analytics_cli", null));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).contains("SUCCEEDED").contains("masked:     users.username, users.email");
    }

    @Test
    void a_failed_refresh_exits_1() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_cli_fail", null);
        settings.put("snapmask.analytics.url", "jdbc:mysql://127.0.0.1:1/");
        Result result = runOnce(settings);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("FAILED").contains("FAILURE MAIL NOT SENT");
    }

    @Test
    void sigterm_during_a_run_drops_the_copy_keeps_analytics_as_it_was_and_records_the_run_as_aborted() throws Exception {
        TestDatabase.recreate("analytics_sigterm");
        TestDatabase.execute("CREATE TABLE analytics_sigterm.users (id INT PRIMARY KEY, username VARCHAR(50))",
                "INSERT INTO analytics_sigterm.users VALUES (1, 'yesterday')");
        Map<String, String> settings = TestApp.settings("analytics_sigterm", null);
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(4).toString());
        try (ForkedSnapmask snapmask = ForkedSnapmask.start("run-once", settings, List.of())) {
            snapmask.awaitOutput("step mask started", Duration.ofSeconds(90));
            snapmask.sigterm();
            assertThat(snapmask.waitFor(Duration.ofSeconds(60))).as(snapmask.output()).isEqualTo(143);
            assertThat(snapmask.output()).contains("ABORTED in step verify: snapmask received a stop signal (SIGTERM)");
        }
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).as("no scratch copy left").isEmpty();
        assertThat(TestDatabase.rows("SELECT * FROM analytics_sigterm.users")).containsExactly(
                Map.of("id", "1", "username", "yesterday"));
        assertThat(TestDatabase.rows("SELECT status, failed_step, run_trigger FROM analytics_sigterm_history.runs")).containsExactly(
                Map.of("status", "ABORTED", "failed_step", "verify", "run_trigger", "cli"));
    }

    @Test
    void with_the_json_format_every_log_line_is_a_json_object() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_cli_json", null);
        settings.put("snapmask.log.format", "json");
        Result result = runOnce(settings);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        List<String> stepLines = result.output().lines().filter(l -> l.contains("step mask done in")).toList();
        assertThat(stepLines).hasSize(1);
        assertThat(stepLines.get(0)).startsWith("{").endsWith("}").contains("\"log.level\":\"INFO\"")
                .containsPattern("\"message\":\"run [0-9a-f-]+: step mask done in \\d+ ms\"")
                .contains("\"log.logger\":\"snapmask.run.RunLifecycle\"");
    }

    @Test
    void a_failure_mailed_in_json_log_mode_names_the_json_log_file() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_cli_json_fail", mail);
        settings.put("snapmask.log.format", "json");
        settings.put("snapmask.local.database", "no_such_database");
        Result result = runOnce(settings);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()[0].getContent().toString()).contains("Logs: " + TestDirs.of("logs-forked/snapmask.json"));
        assertThat(TestDirs.of("logs-forked/snapmask.json")).exists();
    }

    @Test
    void a_run_once_sends_the_failure_mails_smtp_refused_before_however_short_it_is() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_cli_outbox", mail);
        settings.put("snapmask.local.database", "no_such_database"); // fails within a second
        settings.put("snapmask.mail.retry-interval", "1h"); // the outbox timer is not due during the run
        Path outbox = Path.of(settings.get("snapmask.mail.outbox"));
        Files.createDirectories(outbox);
        try (var old = Files.list(outbox)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        // what an earlier run kept while SMTP was down
        Files.writeString(outbox.resolve("20261125-030012-345-4242-1.mail"),
                "snapmask refresh: FAILED in step load\nsnapmask refresh failed in step load.\n");

        Result result = runOnce(settings);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(java.util.Arrays.stream(mail.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).containsExactlyInAnyOrder("snapmask refresh: FAILED in step load", "snapmask refresh: FAILED in step find-snapshot");
        assertThat(Files.list(outbox)).as("nothing owed any more").isEmpty();
    }

    /** The restore on RDS is refused: the mail goes out, and the command line says why, not a crash. */
    @Test
    void a_refused_rds_restore_exits_1_and_prints_the_cause() throws Exception {
        TestDatabase.sampleProduction();
        try (RdsFake rds = new RdsFake(TestDatabase.server().port())
                .instance("prod", "available", Map.of())
                .snapshot("rds:prod-2026-11-24-03-00", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .refuseRestore("InsufficientDBInstanceCapacity")) {
            Result result = runOnce(TestApp.rdsSettings("analytics_cli_rds", rds, mail));
            assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
            assertThat(result.output()).contains(": FAILED in ").doesNotContain("could not start")
                    .contains("  step:       restore").contains("  cause:      RDS restoreDBInstanceFromDBSnapshot failed: InsufficientDBInstanceCapacity");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(mail.getReceivedMessages()[0].getSubject()).isEqualTo("snapmask refresh: FAILED in step restore");
        }
    }

    @Test
    void a_broken_rules_file_exits_2_with_one_line_naming_file_and_rule_for_run_once_and_plan(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("masking.yaml");
        Files.writeString(rules, "tables:\n  users:\n    email: { kind: shout }\n");
        Map<String, String> settings = TestApp.settings("analytics_cli_rules", null);
        settings.put("snapmask.masking.rules", rules.toString());
        for (String command : List.of("run-once", "plan")) {
            try (ForkedSnapmask snapmask = ForkedSnapmask.start(command, settings, List.of())) {
                assertThat(snapmask.waitFor(Duration.ofSeconds(120))).as(snapmask.output()).isEqualTo(2);
                assertThat(snapmask.output()).as(command).contains("snapmask.masking.rules names rules snapmask cannot use: " + rules)
                        .doesNotContain("\tat ");
            }
        }
    }

    private static Result runOnce(Map<String, String> settings) throws Exception {
        try (ForkedSnapmask snapmask = ForkedSnapmask.start("run-once", settings, List.of())) {
            int exit = snapmask.waitFor(Duration.ofSeconds(120));
            return new Result(exit, snapmask.output());
        }
    }

    private record Result(int exitCode, String output) {
    }
}
