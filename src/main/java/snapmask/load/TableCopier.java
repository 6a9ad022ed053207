package snapmask.load;

import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

/**
 * Streams one table's rows from the masked copy into a staging table, without a dump file and
 * with flat memory: a forward-only streaming result set in, and out either LOAD DATA LOCAL fed
 * from that result set ({@code load-data}, the fast path) or batched multi-row INSERTs in one
 * transaction ({@code insert}, for servers that refuse LOCAL INFILE).
 *
 * <p>Values travel in their text form with both sessions on UTC, so TIMESTAMPs, DECIMALs and zero
 * dates arrive exactly as they were; BIT columns travel as numbers.
 */
public class TableCopier {

    /** How rows are written into the staging table. */
    public enum Method { LOAD_DATA, INSERT }

    private final int batchSize;
    private final Method method;

    public TableCopier(int batchSize, Method method) {
        this.batchSize = batchSize;
        this.method = method;
    }

    public Method method() {
        return method;
    }

    /** Prepares a connection for either end of a copy. */
    public static void prepareSession(Connection c) throws SQLException {
        Sql.execute(c, "SET SESSION time_zone = '+00:00', SESSION FOREIGN_KEY_CHECKS = 0, SESSION UNIQUE_CHECKS = 0,"
                + " SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
    }

    /** Copies {@code fromDb.table} into {@code toDb.table}; returns the number of rows written. */
    public long copy(Connection from, String fromDb, Connection to, String toDb, String table, List<String> columns)
            throws SQLException {
        return method == Method.LOAD_DATA ? loadData(from, fromDb, to, toDb, table, columns)
                : insert(from, fromDb, to, toDb, table, columns);
    }

    private long loadData(Connection from, String fromDb, Connection to, String toDb, String table, List<String> columns)
            throws SQLException {
        List<String> bits = bitColumns(from, fromDb, table);
        String select = "SELECT " + columns.stream().map(c -> bits.contains(c) ? "CAST(" + Sql.name(c) + " AS UNSIGNED)" : Sql.name(c))
                .collect(java.util.stream.Collectors.joining(", ")) + " FROM " + Sql.name(fromDb) + "." + Sql.name(table);
        String load = "LOAD DATA LOCAL INFILE 'snapmask-stream' INTO TABLE " + Sql.name(toDb) + "." + Sql.name(table)
                + " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + columns.stream().map(c -> bits.contains(c) ? "@bit_" + columns.indexOf(c) : Sql.name(c))
                .collect(java.util.stream.Collectors.joining(", ")) + ")"
                // a BIT travels as its number; LOAD DATA would store the digits' bytes
                + (bits.isEmpty() ? "" : " SET " + bits.stream().map(c -> Sql.name(c) + " = CAST(@bit_" + columns.indexOf(c)
                + " AS UNSIGNED)").collect(java.util.stream.Collectors.joining(", ")));
        try (Statement read = from.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
             Statement write = to.createStatement()) {
            read.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the table
            try (ResultSet rs = read.executeQuery(select)) {
                RowStream stream = new RowStream(rs, columns.size());
                write.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(stream);
                long loaded = write.executeLargeUpdate(load);
                if (loaded != stream.rowCount()) {
                    throw new SQLException("table " + table + ": " + stream.rowCount() + " rows sent but " + loaded
                            + " loaded (see SHOW WARNINGS on the analytics server)");
                }
                return loaded;
            }
        }
    }

    private static List<String> bitColumns(Connection c, String database, String table) throws SQLException {
        return new snapmask.schema.SchemaReader(c).columns(database, table).values().stream()
                .filter(col -> col.type().toLowerCase(java.util.Locale.ROOT).startsWith("bit")).map(col -> col.name()).toList();
    }

    private long insert(Connection from, String fromDb, Connection to, String toDb, String table, List<String> columns)
            throws SQLException {
        String columnList = Sql.names(columns);
        String insert = "INSERT INTO " + Sql.name(toDb) + "." + Sql.name(table) + " (" + columnList + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        boolean autoCommit = to.getAutoCommit();
        to.setAutoCommit(false);
        long rows = 0;
        try (Statement select = from.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            select.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the table
            try (ResultSet rs = select.executeQuery("SELECT " + columnList + " FROM " + Sql.name(fromDb) + "." + Sql.name(table));
                 PreparedStatement ps = to.prepareStatement(insert)) {
                boolean[] binary = binaryColumns(rs.getMetaData());
                int pending = 0;
                while (rs.next()) {
                    for (int i = 1; i <= binary.length; i++) {
                        if (binary[i - 1]) {
                            ps.setBytes(i, rs.getBytes(i));
                        } else {
                            ps.setString(i, rs.getString(i));
                        }
                    }
                    ps.addBatch();
                    rows++;
                    if (++pending == batchSize) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
            to.commit();
            return rows;
        } catch (SQLException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(autoCommit);
        }
    }

    private static boolean[] binaryColumns(ResultSetMetaData meta) throws SQLException {
        boolean[] binary = new boolean[meta.getColumnCount()];
        for (int i = 1; i <= binary.length; i++) {
            int type = meta.getColumnType(i);
            binary[i - 1] = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY
                    || type == Types.BLOB || type == Types.BIT;
        }
        return binary;
    }
}
