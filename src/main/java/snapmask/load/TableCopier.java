package snapmask.load;

import snapmask.schema.Sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Streams one table's rows from the masked copy into a staging table, without a dump file and
 * with flat memory: a forward-only streaming result set in, and out either LOAD DATA LOCAL fed
 * from that result set ({@code load-data}, the fast path) or batched multi-row INSERTs in one
 * transaction ({@code insert}, for servers that refuse LOCAL INFILE).
 *
 * <p>Values travel as the raw bytes of the text protocol, never decoded into Java strings, with
 * both sessions on UTC; {@link ColumnTransfer} covers the types whose text is not exact. The
 * loading session is strict, and any warning the server gives for the load fails the table:
 * a value the server had to change is never reported as copied.
 */
public class TableCopier {

    /** ER_ERROR_DURING_COMMIT: "Got error %d during COMMIT". */
    private static final int ER_ERROR_DURING_COMMIT = 1180;

    /** How rows are written into the staging table. */
    public enum Method { LOAD_DATA, INSERT }

    /**
     * No NO_ZERO_DATE / NO_ZERO_IN_DATE, and ALLOW_INVALID_DATES: zero dates and a 2024-02-30 a lax
     * production let in are production's values and are copied as they are. STRICT_ALL_TABLES makes an INSERT fail on a value it would change; LOAD DATA LOCAL
     * only warns (the server cannot stop the client's stream), so its warnings are read.
     */
    static final String LOAD_SQL_MODE = "STRICT_ALL_TABLES,NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES";
    /** The most an INSERT batch holds before it is sent, whatever snapmask.load.batch-size says. */
    static final long BATCH_BYTES = 16L << 20;

    private final int batchSize;
    private final Method method;
    private final boolean failOnWarnings;

    public TableCopier(int batchSize, Method method) {
        this(batchSize, method, true);
    }

    private TableCopier(int batchSize, Method method, boolean failOnWarnings) {
        this.batchSize = batchSize;
        this.method = method;
        this.failOnWarnings = failOnWarnings;
    }

    /**
     * A copier into a table of the same definition on the same server, whose session runs without
     * a strict sql_mode ({@link #prepareFaithfulSession}): production's values are taken as they
     * are, also those a strict session refuses (an ENUM's error value '' that a lax production
     * stored). They fit by construction, so the server's warnings are not read; the load into
     * analytics judges them.
     */
    public static TableCopier faithful(Method method) {
        return new TableCopier(1000, method, false);
    }

    /** The writing end of a {@link #faithful} copy: as {@link #prepareSession}, with production's lax sql_mode. */
    public static void prepareFaithfulSession(Connection c) throws SQLException {
        prepareSession(c);
        Sql.execute(c, "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES'");
        if (Sql.isMariaDb(c)) {
            // a row MariaDB let in past a CHECK (check_constraint_checks=0) is production's too
            Sql.execute(c, "SET SESSION check_constraint_checks = 0");
        }
    }

    private void checkWarnings(Connection to, String table, List<ColumnTransfer> columns, long enumErrorValues)
            throws SQLException {
        if (failOnWarnings) {
            LoadWarnings.failOnAnyBut(to, table, enumErrorValues, columns.stream().filter(ColumnTransfer::emptyIsEnumError)
                    .map(ColumnTransfer::name).toList());
        }
    }

    public Method method() {
        return method;
    }

    /** Prepares a connection for either end of a copy. */
    public static void prepareSession(Connection c) throws SQLException {
        Sql.execute(c, "SET SESSION time_zone = '+00:00', SESSION FOREIGN_KEY_CHECKS = 0, SESSION UNIQUE_CHECKS = 0,"
                + " SESSION sql_mode = '" + LOAD_SQL_MODE + "'");
    }

    /**
     * Copies the rows of {@code fromDb.table} that meet {@code condition} (SQL, or null for all)
     * into {@code toDb.table}; returns the rows written and the values the target engine changed.
     */
    public Copied copy(Connection from, String fromDb, Connection to, String toDb, String table, String condition,
                     List<ColumnTransfer> columns) throws SQLException {
        String select = "SELECT " + columns.stream().map(ColumnTransfer::select).collect(Collectors.joining(", "))
                + " FROM " + Sql.name(fromDb) + "." + Sql.name(table) + (condition == null ? "" : " WHERE " + condition);
        try {
            Copied copied = method == Method.LOAD_DATA ? loadData(from, select, to, toDb, table, columns)
                    : insert(from, select, to, toDb, table, columns);
            return copied.and(JsonRetyping.retype(from, fromDb, to, toDb, table, condition));
        } catch (OutOfMemoryError e) {
            throw outOfHeap(table, e);
        } catch (SQLException e) {
            // the driver wraps these: in the exception of a batch, or of the LOAD DATA our row stream feeds
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OutOfMemoryError oom) {
                    throw outOfHeap(table, oom);
                }
                if (method == Method.INSERT && cause instanceof com.mysql.cj.jdbc.exceptions.PacketTooBigException tooBig) {
                    throw packetTooBig(table, tooBig);
                }
            }
            if (e.getErrorCode() == ER_ERROR_DURING_COMMIT && e.getMessage().contains("error 1 ")) {
                throw duplicateAtCommit(table, e);
            }
            throw e;
        }
    }

    /**
     * MariaDB's bulk load into an empty table checks UNIQUE keys when it sorts them at COMMIT, and
     * reports a duplicate only as its handler's error 1 ("Operation not permitted").
     */
    private static SQLException duplicateAtCommit(String table, SQLException e) {
        return new SQLException("table " + table + ": the analytics server found two rows with the same value in a UNIQUE key or the"
                + " primary key (MariaDB reports that this way: " + e.getMessage() + "). Production holds them as different values, so"
                + " analytics compares them differently: see the notes on collations translated for this table, and give the"
                + " analytics server the collation production uses", e.getSQLState(), e.getErrorCode(), e);
    }

    /** The driver names the variable in quotes, which the redaction would cut out of the mail. */
    private static SQLException packetTooBig(String table, SQLException e) {
        return new SQLException("table " + table + ": a row needs a bigger INSERT than the analytics server takes ("
                + e.getMessage().replaceAll("^[^(]*\\(([^)]*)\\).*$", "$1") + " bytes, its max_allowed_packet). Raise max_allowed_packet"
                + " on the analytics server (RDS: in its DB parameter group), or set local_infile=1 there: LOAD DATA has no such limit", e);
    }

    /**
     * A row is read whole (the driver assembles it, then hands out each value), so the largest row of a table
     * needs three to four times its size of heap; "Java heap space" alone would not tell ops which table or
     * what to change.
     */
    private static SQLException outOfHeap(String table, OutOfMemoryError e) {
        // no apostrophe in the text: the redaction takes quoted text for a value from a row
        return new SQLException("table " + table + ": a row did not fit in the JVM heap (-Xmx, now " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB). A copy holds each row whole: give the heap three to four times the largest row of the table for each"
                + " copy thread (snapmask.load.threads), with -Xmx in JAVA_OPTS", e);
    }

    private Copied loadData(Connection from, String select, Connection to, String toDb, String table, List<ColumnTransfer> columns)
            throws SQLException {
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            ColumnTransfer column = columns.get(i);
            if (column.loadsAsSent()) {
                targets.add(Sql.name(column.name()));
            } else {
                targets.add("@v" + i);
                sets.add(Sql.name(column.name()) + " = " + column.loadFrom("@v" + i));
            }
        }
        String load = "LOAD DATA LOCAL INFILE 'snapmask-stream' INTO TABLE " + Sql.name(toDb) + "." + Sql.name(table)
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
        try (Statement read = from.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             Statement write = to.createStatement()) {
            read.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the table
            try (ResultSet rs = read.executeQuery(select)) {
                RowStream stream = new RowStream(rs, columns);
                write.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(stream);
                long loaded = write.executeLargeUpdate(load);
                checkWarnings(to, table, columns, stream.sent().enumErrorValues());
                if (loaded != stream.rowCount()) {
                    throw new SQLException("table " + table + ": " + stream.rowCount() + " rows sent but " + loaded + " loaded");
                }
                return stream.sent().copied(loaded);
            }
        }
    }

    private Copied insert(Connection from, String select, Connection to, String toDb, String table, List<ColumnTransfer> columns)
            throws SQLException {
        // the strict session refuses an ENUM's error value outright; IGNORE makes that a warning, and every
        // warning of a batch is counted against the error values it sent, so nothing else passes unseen
        boolean enumErrors = failOnWarnings && columns.stream().anyMatch(ColumnTransfer::emptyIsEnumError);
        String insert = "INSERT " + (enumErrors ? "IGNORE " : "") + "INTO " + Sql.name(toDb) + "." + Sql.name(table) + " ("
                + columns.stream().map(c -> Sql.name(c.name())).collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(c -> c.loadFrom("?")).collect(Collectors.joining(", ")) + ")";
        boolean autoCommit = to.getAutoCommit();
        to.setAutoCommit(false);
        long rows = 0;
        SentValues sent = new SentValues(columns);
        try (Statement read = from.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            read.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the table
            try (ResultSet rs = read.executeQuery(select);
                 PreparedStatement ps = to.prepareStatement(insert)) {
                int pending = 0;
                long pendingBytes = 0;
                long enumErrorsBefore = 0;
                while (rs.next()) {
                    // the raw bytes go as binary strings: no Java decode/encode can rewrite a character set's bytes
                    for (int i = 1; i <= columns.size(); i++) {
                        byte[] value = sent.send(i - 1, rs.getBytes(i));
                        if (value == null) {
                            ps.setNull(i, Types.VARBINARY);
                        } else if (columns.get(i - 1).ascii()) {
                            ps.setString(i, new String(value, StandardCharsets.ISO_8859_1));
                        } else {
                            ps.setBytes(i, value);
                        }
                        pendingBytes += value == null ? 0 : value.length;
                    }
                    ps.addBatch();
                    rows++;
                    // a batch holds its rows in the heap: rows of large values go a few at a time
                    if (++pending == batchSize || pendingBytes >= BATCH_BYTES) {
                        ps.executeBatch();
                        checkWarnings(to, table, columns, sent.enumErrorValues() - enumErrorsBefore);
                        pending = 0;
                        pendingBytes = 0;
                        enumErrorsBefore = sent.enumErrorValues();
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                    checkWarnings(to, table, columns, sent.enumErrorValues() - enumErrorsBefore);
                }
            }
            to.commit();
            return sent.copied(rows);
        } catch (SQLException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(autoCommit);
        }
    }
}
