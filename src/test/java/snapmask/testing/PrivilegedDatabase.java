package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.embedded.EmbeddedMariaDb;
import snapmask.embedded.SampleProduction;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A server of an engine that checks privileges, for tests about accounts and grants: snapmask
 * logs in as 'snapmask' with all privileges and GRANT OPTION; {@link #PRODUCTION} holds a small
 * sample. MySQL 8 and Debian's MariaDB check privileges already; for MariaDB 11.4 it is a second
 * embedded server, as the shared {@link TestDatabase} skips grant tables to start fast.
 */
public final class PrivilegedDatabase {

    public static final String PRODUCTION = "production_privileged";
    public static final int SAMPLE_USERS = 50;

    private static final Map<Engine, PrivilegedDatabase> STARTED = new EnumMap<>(Engine.class);
    private static EmbeddedMariaDb embedded;

    private final String url;
    private final Engine engine;

    private PrivilegedDatabase(Engine engine, String url) {
        this.engine = engine;
        this.url = url;
    }

    public static synchronized PrivilegedDatabase on(Engine engine) {
        PrivilegedDatabase server = STARTED.get(engine);
        if (server == null) {
            if (engine == Engine.MARIADB) {
                embedded = EmbeddedMariaDb.start(TestDirs.of("test-mariadb-privileges"), true, TestDatabase.tlsCertificate());
                EmbeddedMariaDb started = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
                server = new PrivilegedDatabase(engine, embedded.jdbcUrl());
            } else {
                server = new PrivilegedDatabase(engine, engine.jdbcUrl());
            }
            server.runAsRoot("DROP USER IF EXISTS 'snapmask'@'127.0.0.1'",
                    "CREATE USER 'snapmask'@'127.0.0.1' IDENTIFIED BY 'snapmask-pw'",
                    "GRANT ALL ON *.* TO 'snapmask'@'127.0.0.1' WITH GRANT OPTION");
            try (Connection c = server.snapmask().connect(null)) {
                new SampleProduction(SAMPLE_USERS, 7).create(c, PRODUCTION);
            } catch (SQLException e) {
                throw new IllegalStateException(engine + ": could not create the sample production database", e);
            }
            STARTED.put(engine, server);
        }
        return server;
    }

    public String jdbcUrl() {
        return url;
    }

    /** Statements run with every privilege (accounts, grants, databases the tests set up). */
    public void runAsRoot(String... statements) {
        if (engine == Engine.MARIADB) {
            embedded.runAsRoot(String.join(";", statements) + ";");
        } else {
            engine.execute(statements);
        }
    }

    /** Drops {@code user}@127.0.0.1 if it is there, so a test starts from no account. */
    public void dropUser(String user) {
        runAsRoot("DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
    }

    public MySqlServer snapmask() {
        return as("snapmask", "snapmask-pw");
    }

    /** A login on this server as {@code user} (created by the test or by snapmask). */
    public MySqlServer as(String user, String password) {
        return new MySqlServer("test", url, user, password);
    }
}
