package snapmask.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as ops meet it: usage, help, and exit code 2 for anything it cannot take. */
@Tag("fast")
class CommandsTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Commands.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void help_lists_every_command_and_the_exit_codes() {
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("service", "run-once", "plan", "check", "health", "jmx", "help")
                .contains("Exit codes: 0 done, 1 failed, 2 wrong configuration or command line,\n3 run-once skipped", "\n143 stopped by SIGTERM")
                .doesNotContain("demo");
    }

    @Test
    void each_command_has_its_own_help() {
        Result help = run("help", "jmx");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: snapmask jmx").contains("host:port").contains("status|run-now|pause|resume");
    }

    @Test
    void an_unknown_command_or_operation_exits_2_with_the_usage() {
        Result unknown = run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'frobnicate'");

        Result wrongOperation = run("jmx", "localhost:9010", "reboot");
        assertThat(wrongOperation.exitCode()).isEqualTo(2);
        assertThat(wrongOperation.err()).contains("'reboot' is not one of status, run-now, pause, resume")
                .contains("Usage: snapmask jmx");
    }
}
