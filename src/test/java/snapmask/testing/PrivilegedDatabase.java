package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.embedded.EmbeddedMariaDb;
import snapmask.embedded.SampleProduction;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A second embedded MariaDB that checks privileges (the shared {@link TestDatabase} skips grant
 * tables to start fast), for tests about accounts and grants. snapmask logs in as 'snapmask' with
 * all privileges and GRANT OPTION; {@code production} holds a small sample.
 */
public final class PrivilegedDatabase {

    public static final String PRODUCTION = "production";
    public static final int SAMPLE_USERS = 50;

    private static EmbeddedMariaDb server;

    private PrivilegedDatabase() {
    }

    public static synchronized EmbeddedMariaDb server() {
        if (server == null) {
            server = EmbeddedMariaDb.start(Path.of("target/test-mariadb-privileges"), true);
            EmbeddedMariaDb started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            server.runAsRoot("CREATE USER 'snapmask'@'127.0.0.1' IDENTIFIED BY 'snapmask-pw';"
                    + " GRANT ALL ON *.* TO 'snapmask'@'127.0.0.1' WITH GRANT OPTION;");
            try (Connection c = snapmask().connect(null)) {
                new SampleProduction(SAMPLE_USERS, 7).create(c, PRODUCTION);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the sample production database", e);
            }
        }
        return server;
    }

    public static MySqlServer snapmask() {
        return new MySqlServer("test", server().jdbcUrl(), "snapmask", "snapmask-pw");
    }

    /** A login on this server as {@code user} (created by the test or by snapmask). */
    public static MySqlServer as(String user, String password) {
        return new MySqlServer("test", server().jdbcUrl(), user, password);
    }
}
