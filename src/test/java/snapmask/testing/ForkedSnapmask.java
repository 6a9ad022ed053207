package snapmask.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * snapmask in its own JVM, as cron or systemd starts it: {@code snapmask.Main <command>} with the
 * test settings as system properties and any extra JVM flags. The output goes to a file the test
 * can wait on; {@link #sigterm()} is what systemd sends on stop.
 */
public final class ForkedSnapmask implements AutoCloseable {

    private final Process process;
    private final Path output;

    private ForkedSnapmask(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ForkedSnapmask start(String command, Map<String, String> settings, List<String> jvmFlags) {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(jvmFlags);
        line.add("-cp");
        line.add(System.getProperty("java.class.path"));
        settings.forEach((key, value) -> line.add("-D" + key + "=" + value));
        line.add("-Dsnapmask.log.dir=" + TestDirs.of("logs-forked"));
        line.add("snapmask.Main");
        line.add(command);
        try {
            Path output = Files.createTempFile("snapmask-" + command, ".out");
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile())
                    .directory(new File(".")).start();
            return new ForkedSnapmask(process, output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM: " + e.getMessage(), e);
        }
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the output contains {@code text}; fails with the output when the process ends first. */
    public void awaitOutput(String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive() && !output().contains(text)) {
                throw new AssertionError("snapmask ended (exit " + process.exitValue() + ") before printing '" + text + "':\n" + output());
            }
            return output().contains(text);
        });
    }

    /** The exit code; fails when the process is still running after {@code atMost}. */
    public int waitFor(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("snapmask still running after " + atMost + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd's stop or docker stop send it. */
    public void sigterm() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
