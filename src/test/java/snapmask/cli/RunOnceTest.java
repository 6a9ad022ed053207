package snapmask.cli;

import org.junit.jupiter.api.Test;
import snapmask.testing.TestApp;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    void an_unknown_command_exits_2_with_the_usage() throws Exception {
        assertThat(Commands.run(new String[] {"frobnicate"})).isEqualTo(2);
    }

    private static Result runOnce(Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dsnapmask.log.dir=target/logs-run-once");
        command.add("snapmask.Main");
        command.add("run-once");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(new File(".")).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
