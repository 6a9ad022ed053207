package snapmask.cli;

import org.junit.jupiter.api.Test;
import snapmask.testing.ForkedSnapmask;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** run-once in its own JVM, as cron would start it: the exit code tells success from failure. */
class RunOnceTest {

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
            assertThat(snapmask.waitFor(Duration.ofSeconds(60))).as(snapmask.output()).isNotZero();
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
                .contains("\"log.logger\":\"snapmask.run.StepTracker\"");
    }

    @Test
    void an_unknown_command_exits_2_with_the_usage() throws Exception {
        assertThat(Commands.run(new String[] {"frobnicate"})).isEqualTo(2);
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
