package snapmask.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import snapmask.cli.Health;
import snapmask.cli.JmxClient;
import snapmask.testing.ForkedSnapmask;
import snapmask.testing.MetabaseFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The service in its own JVM, started with the remote JMX flags exactly as docs/runbook.md lists
 * them, driven through a JMX connector on localhost as ops would from their desk.
 */
class RemoteJmxTest {

    @TempDir
    Path dir;

    /** The -D lines of the runbook's JMX block, with this test's port, files and host. */
    private List<String> runbookFlags(int port) throws Exception {
        Path password = dir.resolve("jmxremote.password");
        Files.writeString(password, "controlRole control-secret\nmonitorRole monitor-secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path access = dir.resolve("jmxremote.access");
        Files.writeString(access, "controlRole readwrite\nmonitorRole readonly\n");
        List<String> flags = Files.readAllLines(Path.of("docs/runbook.md")).stream()
                .filter(line -> line.startsWith("-Dcom.sun.management.jmxremote.") || line.startsWith("-Djava.rmi.server.hostname="))
                .map(line -> line.strip()
                        .replace("9010", String.valueOf(port))
                        .replace("/etc/snapmask/jmxremote.password", password.toString())
                        .replace("/etc/snapmask/jmxremote.access", access.toString()))
                .toList();
        assertThat(flags).as("the runbook's JMX flags").hasSize(8);
        return flags;
    }

    @Test
    void run_now_status_and_last_run_over_a_remote_connector_with_the_runbook_flags() throws Exception {
        int port = MetabaseFake.freePort();
        Map<String, String> settings = TestApp.settings("analytics_remote_jmx", null);
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(2).toString());
        try (ForkedSnapmask service = ForkedSnapmask.start("service", settings, runbookFlags(port))) {
            service.awaitOutput("started in", Duration.ofSeconds(90));
            assertThat(listeningAddresses(port)).as("the unencrypted JMX port listens on the loopback interface only")
                    .isNotEmpty().allMatch(a -> a.endsWith("0100007F") || a.equals("00000000000000000000000001000000"));
            String runId;
            try (JmxClient ops = JmxClient.connect("127.0.0.1:" + port, "controlRole", "control-secret")) {
                assertThat(ops.attribute("Status")).isEqualTo("idle");
                assertThat(ops.attribute("NextFireTime")).isEqualTo("never: route refresh-schedule is stopped");

                runId = ops.runNow();
                assertThat((String) ops.attribute("Status")).startsWith("running run " + runId);
                assertThatThrownBy(ops::runNow).hasStackTraceContaining("refused: run " + runId + " is running");

                await().atMost(Duration.ofSeconds(90)).until(() -> ops.attribute("Status").equals("idle"));
                assertThat(ops.attribute("LastRunId")).isEqualTo(runId);
                assertThat(ops.attribute("LastRunResult")).isEqualTo("SUCCEEDED");
                assertThat((Long) ops.attribute("LastRunRows")).isEqualTo(TestDatabase.rowCounts("analytics_remote_jmx").values()
                        .stream().mapToLong(Long::longValue).sum());
            }
            try (JmxClient monitor = JmxClient.connect("127.0.0.1:" + port, "monitorRole", "monitor-secret")) {
                assertThat(monitor.attribute("LastRunResult")).isEqualTo("SUCCEEDED");
                assertThatThrownBy(monitor::runNow).as("read-only users cannot start runs").isInstanceOf(SecurityException.class);
            }
            assertThatThrownBy(() -> JmxClient.connect("127.0.0.1:" + port, "controlRole", "wrong").close())
                    .isInstanceOf(SecurityException.class);

            ByteArrayOutputStream health = new ByteArrayOutputStream();
            int exit = Health.remote("127.0.0.1:" + port, "controlRole", "control-secret",
                    new PrintStream(health, true, StandardCharsets.UTF_8));
            assertThat(exit).as(health.toString(StandardCharsets.UTF_8)).isEqualTo(0);
            assertThat(health.toString(StandardCharsets.UTF_8)).containsPattern("UP +last-run +last run " + runId + " succeeded")
                    .contains("route:refresh").endsWith("healthy\n");
            service.sigterm();
            service.waitFor(Duration.ofSeconds(60));
        }
        assertThat(TestDatabase.rows("SELECT run_trigger, status FROM analytics_remote_jmx_history.runs"))
                .containsExactly(Map.of("run_trigger", "jmx", "status", "SUCCEEDED"));
    }

    @Test
    void sigterm_to_the_service_during_a_run_aborts_it_cleanly() throws Exception {
        int port = MetabaseFake.freePort();
        TestDatabase.recreate("analytics_service_stop");
        TestDatabase.execute("CREATE TABLE analytics_service_stop.users (id INT PRIMARY KEY, username VARCHAR(50))",
                "INSERT INTO analytics_service_stop.users VALUES (1, 'yesterday')");
        Map<String, String> settings = TestApp.settings("analytics_service_stop", null);
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(4).toString());
        try (ForkedSnapmask service = ForkedSnapmask.start("service", settings, runbookFlags(port))) {
            service.awaitOutput("started in", Duration.ofSeconds(90));
            try (JmxClient ops = JmxClient.connect("127.0.0.1:" + port, "controlRole", "control-secret")) {
                ops.runNow();
                await().atMost(Duration.ofSeconds(60)).until(() -> "mask".equals(ops.attribute("CurrentStep")));
            }
            service.sigterm();
            service.waitFor(Duration.ofSeconds(90));
            assertThat(service.output()).contains("ABORTED in step verify: snapmask is stopping");
        }
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).as("no scratch copy left").isEmpty();
        assertThat(TestDatabase.rows("SELECT * FROM analytics_service_stop.users")).containsExactly(
                Map.of("id", "1", "username", "yesterday"));
        assertThat(TestDatabase.rows("SELECT status, failed_step, run_trigger FROM analytics_service_stop_history.runs"))
                .containsExactly(Map.of("status", "ABORTED", "failed_step", "verify", "run_trigger", "jmx"));
    }

    /** The local addresses (hex, as the kernel lists them) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws Exception {
        String hexPort = String.format(":%04X", port);
        List<String> addresses = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            // read once: the kernel's table changes between two reads as sockets open and close
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[1].endsWith(hexPort) && fields[3].equals("0A")) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }
}
