package snapmask.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import snapmask.config.Analytics;
import snapmask.config.MySqlServer;
import snapmask.schema.SqlScript;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One row per run in {@code <history schema>.runs} (plus its steps and tables) on the analytics
 * server: written when a run begins and again when it ends. The history only records: a history
 * that cannot be written is logged and never changes how the run ends. An end the server does not
 * take waits as a file in {@code snapmask.history.outbox} and is written as soon as the server
 * answers again ({@link #writeOwed()}, every {@code snapmask.history.retry-interval} and at each
 * run's start and end), by this process or, after it exited, by the next one of the install.
 */
public class RunHistory {

    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);
    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_DATABASE = 1049;
    /**
     * A time with its milliseconds. Bound as a Timestamp, the driver drops the fraction against
     * MariaDB, whose handshake version (5.5.5-10.x) reads as older than fractional seconds.
     */
    private static final String EPOCH_MILLIS = "FROM_UNIXTIME(? / 1000)";
    private static final String LIVENESS_PREFIX = "snapmask:run:";

    private final MySqlServer server;
    private final String schema;
    private final Path script;
    private final Path outbox;
    private volatile boolean ready;
    /** Per run going in this process, the connection that holds its liveness lock ({@link #livenessLock}). */
    private final Map<String, Connection> alive = new ConcurrentHashMap<>();

    /** The history lives beside analytics but never in it, so the swap cannot take it away. */
    public RunHistory(Analytics analytics, RunSettings settings) {
        this(analytics.server(), analytics.historySchema(), settings.historyScript(), settings.historyOutbox());
    }

    /** The schema of the history on the analytics server (snapmask.history.schema). */
    public String schema() {
        return schema;
    }

    public RunHistory(MySqlServer server, String schema, Path script, Path outbox) {
        this.server = server;
        this.schema = schema;
        this.script = script;
        this.outbox = outbox;
    }

    /**
     * A run began: its row says RUNNING; the ends of earlier runs that could not be written then (the
     * analytics server was down) are written now; rows a killed process left RUNNING become ABANDONED.
     * A RUNNING row is only called abandoned when nobody holds its run's liveness lock: another
     * process's run that is still going (a run-once beside the service, or an install refreshing
     * another analytics database into the same history schema) keeps its row.
     */
    void started(RunContext run) {
        writeOwed();
        holdLivenessLock(run);
        write(run.id(), c -> {
            List<String> dead = new ArrayList<>();
            try (PreparedStatement running = c.prepareStatement("SELECT run_id FROM runs WHERE status = 'RUNNING' AND run_id <> ?"
                    + " AND IS_USED_LOCK(CONCAT('" + LIVENESS_PREFIX + "', run_id)) IS NULL")) {
                running.setString(1, run.id());
                try (ResultSet r = running.executeQuery()) {
                    while (r.next()) {
                        dead.add(r.getString(1));
                    }
                }
            }
            try (PreparedStatement abandoned = c.prepareStatement("UPDATE runs SET status = 'ABANDONED', error = "
                    + "'snapmask stopped during this run without recording its end' WHERE status = 'RUNNING' AND run_id = ?")) {
                for (String id : dead) {
                    abandoned.setString(1, id);
                    abandoned.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO runs (run_id, run_trigger, started_at, status) VALUES (?, ?, " + EPOCH_MILLIS + ", 'RUNNING')")) {
                insert.setString(1, run.id());
                insert.setString(2, run.trigger());
                insert.setLong(3, run.started().toEpochMilli());
                insert.executeUpdate();
            }
        });
    }

    /** The named lock a run holds on the history's server while its process lives: the server frees it when the process dies. */
    static String livenessLock(String runId) {
        return LIVENESS_PREFIX + runId;
    }

    private void holdLivenessLock(RunContext run) {
        try {
            Connection c = RunLock.holderConnection(server);
            try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                lock.setString(1, livenessLock(run.id()));
                lock.executeQuery().close();
            }
            alive.put(run.id(), c);
        } catch (SQLException e) {
            // a run without it is only at risk of being called abandoned by a run that starts beside it
            LOG.warn("run {}: could not take its liveness lock on {}: {}", run.id(), server.where(), e.getMessage());
        }
    }

    private void releaseLivenessLock(RunContext run) {
        Connection c = alive.remove(run.id());
        if (c != null) {
            try {
                c.close(); // frees the lock
            } catch (SQLException e) {
                LOG.debug("run {}: closing its liveness lock: {}", run.id(), e.getMessage());
            }
        }
    }

    /** A run ended, however: its row, its step times and its rows per table; kept in the outbox when the server is away. */
    void finished(RunContext run) {
        writeOwed();
        RunEnd end = RunEnd.of(run);
        if (!finish(end)) {
            keep(end);
        }
        releaseLivenessLock(run);
    }

    private void keep(RunEnd end) {
        try {
            Files.createDirectories(outbox);
            end.writeTo(outbox.resolve(end.runId() + ".json"));
            LOG.warn("run {}: its end ({}) is kept in {} and written to the history when the analytics server answers again",
                    end.runId(), end.status(), outbox);
        } catch (IOException e) {
            LOG.error("run {}: its end ({}) is lost: the analytics server did not take it and {} cannot keep it: {}; the next run"
                    + " records the run ABANDONED", end.runId(), end.status(), outbox, e.getMessage());
        }
    }

    /**
     * The ends kept in the outbox, written oldest first until the server refuses one. Any process of
     * the install may write the same file at the same time: the write is idempotent.
     */
    public void writeOwed() {
        List<Path> owed;
        try (java.util.stream.Stream<Path> files = Files.isDirectory(outbox) ? Files.list(outbox) : java.util.stream.Stream.empty()) {
            owed = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list the run ends kept in {}: {}", outbox, e.getMessage());
            return;
        }
        for (Path file : owed) {
            RunEnd end;
            try {
                end = RunEnd.readFrom(file);
            } catch (java.nio.file.NoSuchFileException writtenBeside) {
                continue;
            } catch (IOException e) {
                setAside(file, e);
                continue;
            }
            if (!finish(end)) {
                return;
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("run {}: written to the history, but {} could not be removed: {}", end.runId(), file, e.getMessage());
            }
            LOG.info("run {}: its end ({}) is now in the history", end.runId(), end.status());
        }
    }

    /** Renamed to *.unreadable (which no later pass lists), so that it is reported once, not every interval. */
    private static void setAside(Path file, IOException why) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        try {
            Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LOG.error("the run end kept in {} cannot be read ({}); moved to {} for ops to look at", file, why.getMessage(), aside);
        } catch (IOException e) {
            LOG.error("the run end kept in {} cannot be read ({}) nor moved aside ({})", file, why.getMessage(), e.getMessage());
        }
    }

    private boolean finish(RunEnd run) {
        return write(run.runId(), c -> {
            try (PreparedStatement update = c.prepareStatement("INSERT INTO runs (run_id, run_trigger, started_at, ended_at, status,"
                    + " failed_step, error, snapshot_id, temporary_copy, duration_s, rows_loaded) VALUES (?,?," + EPOCH_MILLIS + "," + EPOCH_MILLIS
                    + ",?,?,?,?,?,?,?)"
                    + " ON DUPLICATE KEY UPDATE ended_at = VALUES(ended_at), status = VALUES(status), failed_step = VALUES(failed_step),"
                    + " error = VALUES(error), snapshot_id = VALUES(snapshot_id), temporary_copy = VALUES(temporary_copy),"
                    + " duration_s = VALUES(duration_s), rows_loaded = VALUES(rows_loaded)")) {
                update.setString(1, run.runId());
                update.setString(2, run.trigger());
                update.setLong(3, run.startedMillis());
                update.setLong(4, run.endedMillis());
                update.setString(5, run.status());
                update.setString(6, run.failedStep());
                update.setString(7, run.error());
                update.setString(8, run.snapshotId());
                update.setString(9, run.temporaryCopy());
                update.setBigDecimal(10, seconds(run.duration()));
                if (run.rowsLoaded() == null) {
                    update.setNull(11, java.sql.Types.BIGINT);
                } else {
                    update.setLong(11, run.rowsLoaded());
                }
                update.executeUpdate();
            }
            try (PreparedStatement steps = c.prepareStatement("REPLACE INTO run_steps (run_id, step, seconds) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Long> step : run.stepMillis().entrySet()) {
                    steps.setString(1, run.runId());
                    steps.setString(2, step.getKey());
                    steps.setBigDecimal(3, seconds(Duration.ofMillis(step.getValue())));
                    steps.addBatch();
                }
                steps.executeBatch();
            }
            try (PreparedStatement warnings = c.prepareStatement("REPLACE INTO run_warnings (run_id, seq, warning) VALUES (?, ?, ?)")) {
                int seq = 0;
                for (String warning : run.warnings()) {
                    warnings.setString(1, run.runId());
                    warnings.setInt(2, ++seq);
                    warnings.setString(3, warning);
                    warnings.addBatch();
                }
                warnings.executeBatch();
            }
            try (PreparedStatement tables = c.prepareStatement("REPLACE INTO run_tables (run_id, table_name, rows_loaded) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, Long> table : run.rowsPerTable().entrySet()) {
                    tables.setString(1, run.runId());
                    tables.setString(2, table.getKey());
                    tables.setLong(3, table.getValue());
                    tables.addBatch();
                }
                tables.executeBatch();
            }
        });
    }

    /** The last finished run in the history, for JMX and the health check after a restart. */
    public Optional<Row> lastFinished() throws SQLException {
        return last("status NOT IN ('RUNNING', 'SKIPPED')");
    }

    /** When the last successful run ended, whichever node of an HA pair ran it; empty when none has. */
    public Optional<java.time.Instant> lastSuccess() throws SQLException {
        return last("status = 'SUCCEEDED'").map(Row::ended);
    }

    /** Reads only: a history that does not exist yet (no run has written it) is an empty one. */
    private Optional<Row> last(String condition) throws SQLException {
        try (Connection c = server.connect(null); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT run_id, run_trigger, started_at, ended_at, status, failed_step, rows_loaded FROM `"
                     + schema + "`.runs WHERE " + condition + " ORDER BY started_at DESC LIMIT 1")) {
            if (!r.next()) {
                return Optional.empty();
            }
            return Optional.of(new Row(r.getString(1), r.getString(2), instant(r.getTimestamp(3)), instant(r.getTimestamp(4)),
                    r.getString(5), r.getString(6), r.getLong(7)));
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE || e.getErrorCode() == NO_SUCH_DATABASE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public record Row(String runId, String trigger, Instant started, Instant ended, String status, String failedStep, long rows) {
    }

    private interface Work {
        void run(Connection c) throws SQLException;
    }

    private boolean write(String runId, Work work) {
        try {
            ensureSchema();
        } catch (SQLException | RuntimeException e) {
            LOG.error("run {}: could not create the run history schema {} on {}: {}", runId, schema, server.where(), e.getMessage());
            return false;
        }
        try (Connection c = server.connect(schema)) {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.error("run {}: could not write the run history to {}.runs on {}: {}", runId, schema, server.where(), e.getMessage());
            return false;
        }
    }

    /**
     * The history, every row, onto {@code target} (a copy about to become the analytics server), in
     * a schema of the same name made by the same script; {@code marker} is written into it alone,
     * so a reader can tell the two servers apart.
     */
    public void copyTo(Connection target, String marker) throws SQLException {
        ensureSchema();
        try (Statement t = target.createStatement()) {
            t.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "`");
            t.execute("USE `" + schema + "`");
            for (String statement : SqlScript.statements(Files.readString(script))) {
                t.execute(statement);
            }
            t.execute("CREATE TABLE IF NOT EXISTS promotion (run_id VARCHAR(64) PRIMARY KEY)");
        } catch (IOException e) {
            throw new SQLException("cannot read " + script + ": " + e.getMessage(), e);
        }
        try (Connection source = server.connect(schema)) {
            for (String table : List.of("runs", "run_steps", "run_tables", "run_warnings", "refreshes", "kpi_values")) {
                try (Statement read = source.createStatement(); ResultSet rows = read.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    try (PreparedStatement insert = target.prepareStatement("REPLACE INTO `" + schema + "`." + table + " VALUES ("
                            + String.join(",", java.util.Collections.nCopies(columns, "?")) + ")")) {
                        while (rows.next()) {
                            for (int i = 1; i <= columns; i++) {
                                insert.setObject(i, rows.getObject(i));
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
            }
        }
        try (PreparedStatement mark = target.prepareStatement("INSERT INTO `" + schema + "`.promotion VALUES (?)")) {
            mark.setString(1, marker);
            mark.execute();
        }
    }

    /** Whether the server behind {@code analytics} is the one {@link #copyTo} marked with {@code marker}. */
    public boolean marked(String marker) {
        try (Connection c = server.connect(null);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM `" + schema + "`.promotion WHERE run_id = ?")) {
            ps.setString(1, marker);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            // the old server has no such table, or the endpoint is switching: not yet
            return false;
        }
    }

    private void ensureSchema() throws SQLException {
        if (ready) {
            return;
        }
        String text;
        try {
            text = Files.readString(script);
        } catch (IOException e) {
            throw new SQLException("cannot read " + script + ": " + e.getMessage(), e);
        }
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "`");
            s.execute("USE `" + schema + "`");
            for (String statement : SqlScript.statements(text)) {
                s.execute(statement);
            }
        }
        ready = true;
    }

    private static java.math.BigDecimal seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
