package snapmask.kpi;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.step.RedactedFailure;
import snapmask.step.RunNotes;
import snapmask.source.Snapshot;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Step {@code kpi-check}, after the load and the analytics scripts, before the swap: reads each
 * KPI of the KPI file in staging (tonight's data, summaries included), and checks KPIs and the
 * tables' rows against their limits and the last successful run. By default a table of
 * {@code snapmask.checks.table-min-rows} rows or more at the last run that shrank by more than
 * {@code snapmask.checks.table-shrink-percent} stops the run: a snapshot taken mid-migration or a
 * table emptied by mistake does not go live.
 */
public class KpiMeter {

    private static final Logger LOG = LoggerFactory.getLogger(KpiMeter.class);
    static final String SHRINK_KEY = "snapmask.checks.table-shrink-percent";
    static final String MIN_ROWS_KEY = "snapmask.checks.table-min-rows";

    private final KpiBook book;
    private final MySqlServer server;
    private final String staging;
    private final KpiHistory history;
    private final long tableMinRows;
    private final BigDecimal tableShrinkPercent;
    private final Duration queryTimeout;

    /** {@code tableShrinkPercent} zero: no default check on tables. */
    public KpiMeter(KpiBook book, MySqlServer server, String staging, KpiHistory history, long tableMinRows,
                    BigDecimal tableShrinkPercent, Duration queryTimeout) {
        this.book = book;
        this.server = server;
        this.staging = staging;
        this.history = history;
        this.tableMinRows = tableMinRows;
        this.tableShrinkPercent = tableShrinkPercent;
        this.queryTimeout = queryTimeout;
    }

    public KpiBook book() {
        return book;
    }

    /** The checks on tables' rows, for `snapmask plan`. */
    public String describeTableChecks() {
        String own = book.checkedTables().isEmpty() ? "" : "; with their own checks in " + book.file() + ": "
                + String.join(", ", book.checkedTables());
        return tableShrinkPercent.signum() == 0 || tableShrinkPercent.intValue() >= 100 ? "no default check (" + SHRINK_KEY + ")" + own
                : "a table of " + tableMinRows + " rows or more at the last successful run that shrank by more than "
                + Limit.plain(tableShrinkPercent) + " % stops the run before the swap (" + MIN_ROWS_KEY + ", " + SHRINK_KEY + ")" + own;
    }

    public KpiReading measure(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("snapshot") Snapshot snapshot,
                              @Variable("rows") Map<String, Long> rows) {
        Map<String, Map<String, BigDecimal>> values = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        List<String> stops = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try {
            Optional<KpiHistory.LastRun> last = history.lastLoad();
            checkTables(rows, last, stops, warnings);
            Map<String, Map<String, BigDecimal>> before = book.kpis().isEmpty() ? Map.of() : history.valuesBefore(snapshot.createdAt());
            try (Connection c = server.connect(staging)) {
                for (KpiBook.Kpi kpi : book.kpis()) {
                    long started = System.nanoTime();
                    Map<String, BigDecimal> value = read(c, kpi);
                    values.put(kpi.name(), value);
                    units.put(kpi.name(), kpi.unit());
                    run.note("KPI " + kpi.name() + " = " + shown(value, kpi.unit()) + " (" + (System.nanoTime() - started) / 1_000_000
                            + " ms)");
                    Map<String, BigDecimal> previous = before.getOrDefault(kpi.name(), Map.of());
                    for (Limit limit : kpi.checks()) {
                        for (var v : value.entrySet()) {
                            limit.broken(v.getValue(), previous.get(v.getKey())).ifPresent(why -> (limit.action() == Limit.Action.STOP
                                    ? stops : warnings).add("KPI " + kpi.name() + (v.getKey().isEmpty() ? "" : " [" + v.getKey() + "]")
                                    + " " + why + " (check at " + limit.source() + ", action " + limit.action().name().toLowerCase() + ")"));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new KpiCheckException("the checks before the swap could not read the history " + history.schema() + " or staging "
                    + staging + " on " + server.where() + ": " + e.getMessage() + "; nothing was swapped, analytics keeps the last"
                    + " run's data", e);
        }
        warnings.forEach(w -> LOG.warn("run {}: check before the swap: {}", run.id(), w));
        if (!stops.isEmpty()) {
            throw new KpiCheckException("stopped before the swap: " + String.join("; ", stops) + (warnings.isEmpty() ? ""
                    : "; also " + String.join("; ", warnings)) + ". Nothing was swapped: analytics keeps the last run's data and"
                    + " the KPI history has no row for this snapshot");
        }
        warnings.forEach(w -> run.note(RunNotes.WARNING + w));
        return new KpiReading(snapshot, values, units, List.copyOf(warnings));
    }

    private void checkTables(Map<String, Long> rows, Optional<KpiHistory.LastRun> last, List<String> stops, List<String> warnings) {
        Map<String, Long> before = last.map(KpiHistory.LastRun::rows).orElse(Map.of());
        String lastRun = last.map(l -> " (last successful run " + l.runId() + ")").orElse("");
        for (var table : rows.entrySet()) {
            Long was = before.get(table.getKey());
            BigDecimal now = BigDecimal.valueOf(table.getValue());
            BigDecimal previous = was == null ? null : BigDecimal.valueOf(was);
            List<Limit> written = book.tableChecks(table.getKey());
            if (written.isEmpty()) {
                if (was != null && was >= tableMinRows && tableShrinkPercent.signum() > 0) {
                    new Limit(null, null, null, tableShrinkPercent, Limit.Action.STOP, SHRINK_KEY).broken(now, previous)
                            .ifPresent(why -> stops.add("table " + table.getKey() + " has " + table.getValue() + " rows, " + was
                                    + " at the last successful run" + lastRun + ": it shrank by more than " + SHRINK_KEY + " ("
                                    + Limit.plain(tableShrinkPercent) + " %) allows for a table of " + MIN_ROWS_KEY + " ("
                                    + tableMinRows + ") rows or more. If this is expected, refresh once with "
                                    + SHRINK_KEY + "=100 (e.g. -D" + SHRINK_KEY + "=100 run-once), or give the table its own"
                                    + " check in " + book.file()));
                }
                continue;
            }
            for (Limit limit : written) {
                limit.broken(now, previous).ifPresent(why -> (limit.action() == Limit.Action.STOP ? stops : warnings).add("table "
                        + table.getKey() + " rows " + why + lastRun + " (check at " + limit.source() + ", action "
                        + limit.action().name().toLowerCase() + ")"));
            }
        }
        // a table that is gone lost all its rows: mid-migration, or dropped by mistake
        for (var gone : before.entrySet()) {
            if (!rows.containsKey(gone.getKey()) && gone.getValue() >= tableMinRows && tableShrinkPercent.signum() > 0
                    && tableShrinkPercent.intValue() < 100 && book.tableChecks(gone.getKey()).isEmpty()) {
                stops.add("table " + gone.getKey() + " is gone from production's copy; it had " + gone.getValue() + " rows at the last"
                        + " successful run" + lastRun + ", more than " + MIN_ROWS_KEY + " (" + tableMinRows + "). If it was dropped on"
                        + " purpose, refresh once with " + SHRINK_KEY + "=100 (e.g. -D" + SHRINK_KEY + "=100 run-once)");
            }
        }
    }

    /** One KPI's value(s): one column and at most one row, or (dimension, value) rows. */
    public Map<String, BigDecimal> read(Connection c, KpiBook.Kpi kpi) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, queryTimeout.toSeconds()));
            try (ResultSet r = s.executeQuery(kpi.sql())) {
                int columns = r.getMetaData().getColumnCount();
                if (columns > 2) {
                    throw new KpiCheckException("KPI " + kpi.name() + " (" + kpi.source() + ") answers " + columns + " columns; a KPI"
                            + " answers one value, or rows of a dimension and a value");
                }
                while (r.next()) {
                    if (columns == 1 && !values.isEmpty()) {
                        throw new KpiCheckException("KPI " + kpi.name() + " (" + kpi.source() + ") answers more than one row; a KPI of one"
                                + " column answers one value (add a dimension column, or aggregate)");
                    }
                    String dimension = columns == 1 ? "" : r.getString(1) == null ? "(null)" : r.getString(1);
                    if (dimension.length() > 191) {
                        dimension = dimension.substring(0, 191);
                    }
                    values.put(dimension, number(r, columns, kpi));
                }
            }
        } catch (SQLException e) {
            throw new KpiCheckException("KPI " + kpi.name() + " (" + kpi.source() + ") failed: "
                    + RedactedFailure.scrub(e.getMessage()) + "; nothing was swapped, analytics keeps the last run's data", e);
        }
        if (values.isEmpty() && !kpi.sql().isEmpty()) {
            values.put("", null);
        }
        return values;
    }

    private static BigDecimal number(ResultSet r, int column, KpiBook.Kpi kpi) throws SQLException {
        try {
            return r.getBigDecimal(column);
        } catch (SQLException | NumberFormatException e) {
            throw new KpiCheckException("KPI " + kpi.name() + " (" + kpi.source() + ") answers a value that is not a number in column "
                    + column);
        }
    }

    public static String shown(Map<String, BigDecimal> value, String unit) {
        String suffix = unit.isEmpty() ? "" : " " + unit;
        if (value.size() == 1 && value.containsKey("")) {
            BigDecimal one = value.get("");
            return (one == null ? "NULL" : Limit.plain(one)) + suffix;
        }
        List<String> parts = new ArrayList<>();
        value.forEach((d, v) -> parts.add(d + ": " + (v == null ? "NULL" : Limit.plain(v))));
        return String.join(", ", parts) + suffix;
    }
}
