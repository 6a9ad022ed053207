package snapmask.load;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.run.RunContext;
import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Step {@code load}, before the swap: proves that staging holds what the masked copy holds, as the
 * leak check proves the masking. Each table's rows are digested on both servers at once, each row
 * as the CRC32 of its key and every column's value in a form both engines print alike (bytes for
 * strings and binaries, the exact text of numbers, dates and times, a FLOAT as its DOUBLE), the
 * CRCs XORed with the row count beside them. A table whose digests differ fails the run before the
 * swap, naming the column and the row's key (a number; another key may be a person's), never the
 * value. Only a change the report already names is not one: a negative zero on a server that reads
 * none. A difference escapes with a chance of 1 in 2^32 per table.
 */
public class CopyCheck {

    private static final Logger LOG = LoggerFactory.getLogger(CopyCheck.class);
    private static final String SEPARATOR = "0x1f";

    private final MySqlServer analytics;
    private final String stagingDatabase;
    private final boolean enabled;

    public CopyCheck(MySqlServer analytics, String stagingDatabase, boolean enabled) {
        this.analytics = analytics;
        this.stagingDatabase = stagingDatabase;
        this.enabled = enabled;
    }

    /** Compares every table the load copied; returns {@code rows} (the rows each table got) for the swap. */
    public Map<String, Long> compare(@ExchangeProperty(RunContext.PROPERTY) RunContext run, @Variable("load") StagedLoad staged,
                                     @Body Map<String, Long> rows) {
        if (!enabled) {
            return rows;
        }
        long started = System.nanoTime();
        RestoredCopy copy = staged.copy();
        ExecutorService sides = Executors.newFixedThreadPool(2, r -> new Thread(r, "snapmask-check"));
        try (Connection from = copy.server().connect(copy.database()); Connection to = analytics.connect(stagingDatabase)) {
            TableCopier.prepareSession(from);
            TableCopier.prepareSession(to);
            boolean losesNegativeZero = !"-0".equals(Sql.text(to, "SELECT CAST(CAST('-0' AS DOUBLE) AS CHAR)"));
            for (String table : staged.tables()) {
                Table t = new Table(table, run.tableRule(table).condition(), new SchemaReader(from).primaryKey(copy.database(), table),
                        canonical(new SchemaReader(from).columns(copy.database(), table), losesNegativeZero),
                        canonical(new SchemaReader(to).columns(stagingDatabase, table), losesNegativeZero));
                if (!both(sides, from, t.digest(copy.database(), t.sourceValues, true), to,
                        t.digest(stagingDatabase, t.targetValues, false))) {
                    throw new LoadException(locate(sides, from, copy.database(), to, t) + "; nothing was swapped and analytics keeps"
                            + " its tables. Staging differs from the masked copy that was read: the analytics server stored another"
                            + " value than the one sent, or a table changed during the load", null);
                }
            }
        } catch (SQLException e) {
            throw new LoadException("comparing staging with the masked copy failed; nothing was swapped: " + e.getMessage(), e);
        } finally {
            sides.shutdownNow();
        }
        LOG.info("run {}: staging compared with the masked copy, {} table(s) equal, in {} ms", run.id(), staged.tables().size(),
                (System.nanoTime() - started) / 1_000_000);
        return rows;
    }

    /** One table to compare: its key and, per column, the SQL of its value in the common form on each side. */
    private record Table(String name, String condition, List<String> key, Map<String, String> sourceValues,
                         Map<String, String> targetValues) {

        /** The copy's rows are those the rule's condition copies; staging holds only those. */
        String digest(String db, Map<String, String> values, boolean copy) {
            return "SELECT COUNT(*), BIT_XOR(CRC32(CONCAT_WS(" + SEPARATOR + ", " + keyText() + String.join(", ",
                    values.values()) + ", " + nullFlags(values) + "))) FROM " + Sql.name(db) + "." + Sql.name(name) + where(copy);
        }

        /** Per column its digest, then the count: which column differs. */
        String columnDigests(String db, Map<String, String> values, boolean copy) {
            return "SELECT " + values.keySet().stream().map(c -> "BIT_XOR(CRC32(CONCAT_WS(" + SEPARATOR + ", " + keyText()
                    + values.get(c) + ", ISNULL(" + Sql.name(c) + "))))").collect(Collectors.joining(", "))
                    + ", COUNT(*) FROM " + Sql.name(db) + "." + Sql.name(name) + where(copy);
        }

        /** Each row's key and the CRC of one column's value, in the order of the keys' bytes (alike on both engines). */
        String rowsOf(String db, String column, Map<String, String> values, boolean copy) {
            return "SELECT " + key.stream().map(k -> "CAST(" + Sql.name(k) + " AS BINARY)").collect(Collectors.joining(", "))
                    + ", CRC32(CONCAT_WS(" + SEPARATOR + ", " + values.get(column) + ", ISNULL(" + Sql.name(column) + "))) FROM "
                    + Sql.name(db) + "." + Sql.name(name) + where(copy) + " ORDER BY "
                    + key.stream().map(k -> "CAST(" + Sql.name(k) + " AS BINARY)").collect(Collectors.joining(", "));
        }

        private String keyText() {
            return key.isEmpty() ? "" : key.stream().map(k -> "CAST(" + Sql.name(k) + " AS BINARY)").collect(Collectors.joining(", ")) + ", ";
        }

        private static String nullFlags(Map<String, String> values) {
            return "CONCAT(" + values.keySet().stream().map(c -> "ISNULL(" + Sql.name(c) + ")").collect(Collectors.joining(", ")) + ")";
        }

        private String where(boolean copy) {
            return condition == null || !copy ? "" : " WHERE " + condition;
        }
    }

    /** The first differing column and, with a key, the first differing row. */
    private String locate(ExecutorService sides, Connection from, String fromDb, Connection to, Table t) throws SQLException {
        List<String> source = firstRow(from, t.columnDigests(fromDb, t.sourceValues(), true));
        List<String> target = firstRow(to, t.columnDigests(stagingDatabase, t.targetValues(), false));
        List<String> columns = new ArrayList<>(t.sourceValues().keySet());
        if (!source.get(columns.size()).equals(target.get(columns.size()))) {
            return "table " + t.name() + ": staging holds " + target.get(columns.size()) + " rows, the masked copy "
                    + source.get(columns.size());
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!source.get(i).equals(target.get(i))) {
                return "table " + t.name() + ", column " + columns.get(i) + ": a value in staging is not the masked copy's"
                        + (t.key().isEmpty() ? " (the table has no primary key to name the row by)"
                        : " (row with " + String.join(", ", t.key()) + " " + firstDifferingKey(from, fromDb, to, t, columns.get(i)) + ")");
            }
        }
        return "table " + t.name() + ": the rows of staging are not the masked copy's (each column alone compares equal:"
                + " values moved between rows)";
    }

    private String firstDifferingKey(Connection from, String fromDb, Connection to, Table t, String column) throws SQLException {
        try (Statement a = from.createStatement(); Statement b = to.createStatement();
             ResultSet source = a.executeQuery(t.rowsOf(fromDb, column, t.sourceValues(), true));
             ResultSet target = b.executeQuery(t.rowsOf(stagingDatabase, column, t.targetValues(), false))) {
            int n = t.key().size();
            while (true) {
                boolean more = source.next();
                if (more != target.next()) {
                    return "(a row one side lacks)";
                }
                if (!more) {
                    return "(not found again)";
                }
                List<String> key = new ArrayList<>();
                boolean sameKey = true;
                for (int i = 1; i <= n; i++) {
                    key.add(source.getString(i));
                    sameKey &= source.getString(i).equals(target.getString(i));
                }
                if (!sameKey || source.getLong(n + 1) != target.getLong(n + 1)) {
                    return RowKey.shown(key);
                }
            }
        }
    }

    /** Runs the two queries on their servers at once; true when their first rows are equal. */
    private static boolean both(ExecutorService sides, Connection from, String fromSql, Connection to, String toSql)
            throws SQLException {
        CompletableFuture<List<String>> source = CompletableFuture.supplyAsync(() -> unchecked(from, fromSql), sides);
        CompletableFuture<List<String>> target = CompletableFuture.supplyAsync(() -> unchecked(to, toSql), sides);
        try {
            return source.join().equals(target.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause().getMessage(), e.getCause());
        }
    }

    private static List<String> firstRow(Connection c, String sql) throws SQLException {
        try {
            return unchecked(c, sql);
        } catch (CompletionException e) {
            throw (SQLException) e.getCause();
        }
    }

    private static List<String> unchecked(Connection c, String sql) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getString(i));
            }
            return out;
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Per writable column, its value as both engines print the same value: the bytes of a string, a
     * binary, an ENUM, SET or spatial value; the text of numbers, dates and times (both sessions on
     * UTC); a FLOAT as its exact DOUBLE; MariaDB's INET4, INET6 and UUID as their text (MySQL holds
     * them as text); a negative zero as 0 where the target reads none (the report names those).
     */
    static Map<String, String> canonical(Map<String, Column> columns, boolean losesNegativeZero) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Column column : columns.values()) {
            if (column.generated()) {
                continue;
            }
            String c = Sql.name(column.name());
            String type = column.type().toLowerCase(Locale.ROOT).split("[ (]", 2)[0];
            out.put(column.name(), switch (type) {
                case "float" -> "CAST(" + c + " AS DOUBLE)" + (losesNegativeZero ? " + 0e0" : "");
                case "double", "real" -> losesNegativeZero ? c + " + 0e0" : c;
                case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "date", "datetime",
                     "timestamp", "time" -> c;
                case "year" -> c + " + 0";
                case "bit" -> "CAST(" + c + " AS UNSIGNED)";
                case "json", "inet4", "inet6", "uuid" -> "CAST(" + c + " AS CHAR CHARACTER SET utf8mb4)";
                default -> "CAST(" + c + " AS BINARY)";
            });
        }
        return out;
    }
}
