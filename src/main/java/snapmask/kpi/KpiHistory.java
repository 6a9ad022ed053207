package snapmask.kpi;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.step.RunNotes;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KPI history in the history schema (sql/history/schema.sql: refreshes, kpi_values, the view
 * data_as_of), which the swap never touches: what each refresh swapped in, as of which snapshot,
 * and the KPI values of that snapshot. Also what the checks before the swap compare with.
 */
public class KpiHistory {

    private static final Logger LOG = LoggerFactory.getLogger(KpiHistory.class);
    private static final int NO_SUCH_TABLE = 1146;
    private static final int NO_SUCH_DATABASE = 1049;
    private static final String EPOCH_MILLIS = "FROM_UNIXTIME(? / 1000)";

    private final MySqlServer server;
    private final String schema;
    private final Duration retention;
    private final Clock clock;

    /** {@code retention} zero: kept for ever. */
    public KpiHistory(MySqlServer server, String schema, Duration retention, Clock clock) {
        this.server = server;
        this.schema = schema;
        this.retention = retention;
        this.clock = clock;
    }

    public String schema() {
        return schema;
    }

    /** The rows per table of the last successful run that loaded analytics, and its id. */
    public record LastRun(String runId, Map<String, Long> rows) {
    }

    public Optional<LastRun> lastLoad() throws SQLException {
        try (Connection c = server.connect(schema);
             PreparedStatement last = c.prepareStatement("SELECT run_id FROM runs WHERE status = 'SUCCEEDED' AND rows_loaded IS NOT NULL"
                     + " ORDER BY started_at DESC LIMIT 1");
             ResultSet run = last.executeQuery()) {
            if (!run.next()) {
                return Optional.empty();
            }
            String id = run.getString(1);
            Map<String, Long> rows = new LinkedHashMap<>();
            try (PreparedStatement tables = c.prepareStatement("SELECT table_name, rows_loaded FROM run_tables WHERE run_id = ?")) {
                tables.setString(1, id);
                try (ResultSet r = tables.executeQuery()) {
                    while (r.next()) {
                        rows.put(r.getString(1), r.getLong(2));
                    }
                }
            }
            return Optional.of(new LastRun(id, rows));
        } catch (SQLException e) {
            if (missing(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The KPI values of the newest snapshot before {@code snapshotAt}: per KPI, per dimension value. */
    public Map<String, Map<String, BigDecimal>> valuesBefore(Instant snapshotAt) throws SQLException {
        Map<String, Map<String, BigDecimal>> values = new LinkedHashMap<>();
        try (Connection c = server.connect(schema);
             PreparedStatement ps = c.prepareStatement("SELECT kpi, dimension, value FROM kpi_values WHERE snapshot_at ="
                     + " (SELECT MAX(snapshot_at) FROM kpi_values WHERE snapshot_at < " + EPOCH_MILLIS + ")")) {
            ps.setLong(1, snapshotAt.toEpochMilli());
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    values.computeIfAbsent(r.getString(1), k -> new LinkedHashMap<>()).put(r.getString(2), r.getBigDecimal(3));
                }
            }
        } catch (SQLException e) {
            if (!missing(e)) {
                throw e;
            }
        }
        return values;
    }

    /**
     * Step {@code kpi-history}, after the swap: the refresh and tonight's KPI values appended (a
     * second run of the same snapshot replaces its rows), and values older than the retention removed.
     */
    public void record(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("kpis") KpiReading reading) {
        Instant snapshotAt = reading.snapshot().createdAt();
        try (Connection c = server.connect(schema)) {
            c.setAutoCommit(false);
            boolean first;
            try (PreparedStatement earlier = c.prepareStatement("SELECT MIN(snapshot_at) FROM kpi_values");
                 ResultSet r = earlier.executeQuery()) {
                first = !r.next() || r.getTimestamp(1) == null;
            }
            try (PreparedStatement refresh = c.prepareStatement("REPLACE INTO refreshes (run_id, snapshot_id, snapshot_at, swapped_at)"
                    + " VALUES (?, ?, " + EPOCH_MILLIS + ", " + EPOCH_MILLIS + ")")) {
                refresh.setString(1, run.id());
                refresh.setString(2, reading.snapshot().id());
                refresh.setLong(3, snapshotAt.toEpochMilli());
                refresh.setLong(4, clock.millis());
                refresh.executeUpdate();
            }
            int written = 0;
            try (PreparedStatement value = c.prepareStatement("REPLACE INTO kpi_values (kpi, dimension, snapshot_at, value, unit,"
                    + " snapshot_id, run_id) VALUES (?, ?, " + EPOCH_MILLIS + ", ?, ?, ?, ?)")) {
                for (var kpi : reading.values().entrySet()) {
                    for (var dimension : kpi.getValue().entrySet()) {
                        value.setString(1, kpi.getKey());
                        value.setString(2, dimension.getKey());
                        value.setLong(3, snapshotAt.toEpochMilli());
                        value.setBigDecimal(4, dimension.getValue());
                        value.setString(5, reading.units().getOrDefault(kpi.getKey(), ""));
                        value.setString(6, reading.snapshot().id());
                        value.setString(7, run.id());
                        value.addBatch();
                        written++;
                    }
                }
                value.executeBatch();
            }
            int removed = 0;
            if (!retention.isZero()) {
                try (PreparedStatement old = c.prepareStatement("DELETE FROM kpi_values WHERE snapshot_at < " + EPOCH_MILLIS)) {
                    old.setLong(1, clock.instant().minus(retention).toEpochMilli());
                    removed = old.executeUpdate();
                }
            }
            c.commit();
            if (written > 0) {
                run.note("KPI history: " + written + " value(s) of " + reading.values().size() + " KPI(s) for the snapshot of "
                        + snapshotAt + " in " + schema + ".kpi_values" + (removed > 0 ? "; " + removed + " older than the retention"
                        + " removed (snapmask.kpi.retention-days)" : ""));
                if (first) {
                    run.note("KPI history starts with this snapshot (" + snapshotAt + "): there is nothing earlier to fill it from");
                }
            }
            LOG.info("run {}: refresh recorded in {}.refreshes, {} KPI value(s) in {}.kpi_values", run.id(), schema, written, schema);
        } catch (SQLException e) {
            throw new KpiCheckException("the KPI history could not be written to " + schema + " on " + server.where() + ": "
                    + e.getMessage() + "; the analytics database holds tonight's data, the KPI history misses this night", e);
        }
    }

    private static boolean missing(SQLException e) {
        return e.getErrorCode() == NO_SUCH_TABLE || e.getErrorCode() == NO_SUCH_DATABASE;
    }
}
