package snapmask.testing;

import snapmask.config.MySqlServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A database server binary run as a child process of the test JVM: a fresh data directory, a free
 * loopback port, root over TCP from 127.0.0.1 without a password (made by an init file at every
 * start), stopped when the JVM ends. As root on this kind of machine the server needs --user=root.
 */
public final class DatabaseProcess {

    /** Where the server lives and listens, for building its command lines. */
    public record Layout(Path home, Path data, Path socket, Path initFile, int port) {
    }

    private final String label;
    private final Path home;
    private final Process process;
    private final int port;

    private DatabaseProcess(String label, Path home, Process process, int port) {
        this.label = label;
        this.home = home;
        this.process = process;
        this.port = port;
    }

    /**
     * Initialises a data directory with {@code initialise}, then starts {@code server}, both built
     * from the layout, and waits until root can log in.
     */
    public static DatabaseProcess start(String label, Path dir, Function<Layout, List<String>> initialise,
                                        Function<Layout, List<String>> server) {
        Path home = dir.toAbsolutePath();
        try {
            deleteRecursively(home.resolve("data"));
            Files.createDirectories(home.resolve("tmp"));
            Path init = home.resolve("init.sql");
            Files.writeString(init, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                    + "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
            // unix socket paths are limited to ~107 bytes: keep it short whatever the checkout's depth
            Layout layout = new Layout(home, home.resolve("data"),
                    Files.createTempDirectory("snapmask-" + label).resolve("server.sock"), init, freePort());
            run(initialise.apply(layout), home.resolve("init.log"));
            Process started = new ProcessBuilder(server.apply(layout))
                    .redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile()).start();
            DatabaseProcess process = new DatabaseProcess(label, home, started, layout.port());
            Runtime.getRuntime().addShutdownHook(new Thread(process::stop));
            process.awaitConnection();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + label + " under " + home + ": " + e.getMessage(), e);
        }
    }

    /** root over TCP, without a password. */
    public MySqlServer root() {
        return new MySqlServer(label, url(), "root", "");
    }

    public String url() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    /** As a crash: no shutdown, the sockets reset. */
    public void kill() {
        awaitEnd(process.destroyForcibly());
    }

    public void stop() {
        process.destroy();
        awaitEnd(process);
    }

    private static void awaitEnd(Process ending) {
        try {
            ending.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitConnection() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(label + " exited with " + process.exitValue() + "; see " + home.resolve("error.log"));
            }
            try (Connection c = root().connect(null)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(label + " did not accept connections within 60 s; see " + home.resolve("error.log"), last);
    }

    static void run(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
