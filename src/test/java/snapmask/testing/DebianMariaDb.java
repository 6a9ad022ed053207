package snapmask.testing;

import snapmask.config.MySqlServer;

import java.nio.file.Path;

/**
 * Debian 12's own MariaDB 10.11 (package mariadb-server, which {@code .ci/run} installs): the
 * version a Debian analytics host runs, and the one that rejects MySQL 8's utf8mb4_0900 collations
 * (ERROR 1273), so definitions from MySQL must be translated for it.
 */
public final class DebianMariaDb {

    private static DatabaseProcess shared;

    private DebianMariaDb() {
    }

    public static synchronized MySqlServer server() {
        if (shared == null) {
            shared = start("mariadb1011", TestDirs.of("test-mariadb-debian"));
        }
        return shared.root();
    }

    /** A server of its own, for a test that stops it (as when the analytics server dies). */
    public static DatabaseProcess startOwn(String label) {
        return start(label, TestDirs.of("test-mariadb-" + label));
    }

    private static DatabaseProcess start(String label, Path dir) {
        // Debian's server has no TLS certificate of its own; snapmask's analytics default is ssl-mode=required
        TestCa ca = TestCa.create(TestDirs.of("test-mariadb-debian-ca").toAbsolutePath(), "Debian MariaDB test CA");
        return DatabaseProcess.start(label, dir,
                l -> DatabaseProcess.command("/usr/bin/mariadb-install-db", "--no-defaults", "--user=root",
                        "--datadir=" + l.data(), "--auth-root-authentication-method=normal", "--skip-test-db",
                        // as RDS for MariaDB: the system views (mysql.user) are made in the server's collation,
                        // not in the utf8mb4_general_ci of a Connector/J session
                        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"),
                l -> DatabaseProcess.command("/usr/sbin/mariadbd", "--no-defaults", "--user=root", "--datadir=" + l.data(),
                        "--port=" + l.port(), "--bind-address=127.0.0.1", "--socket=" + l.socket(),
                        "--pid-file=" + l.home().resolve("mariadbd.pid"), "--tmpdir=" + l.home().resolve("tmp"),
                        "--log-error=" + l.home().resolve("error.log"), "--init-file=" + l.initFile(),
                        "--skip-name-resolve", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                        "--innodb-buffer-pool-size=128M", "--max-allowed-packet=64M", "--innodb-flush-log-at-trx-commit=2",
                        "--ssl-ca=" + ca.caPem, "--ssl-cert=" + ca.serverCertPem, "--ssl-key=" + ca.serverKeyPem));
    }
}
