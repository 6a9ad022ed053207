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
 * Streams one table's rows from the masked copy into a staging table: a forward-only streaming
 * result set in, batched multi-row INSERTs out, one transaction per table. Memory stays flat
 * whatever the table size: at most one batch of rows is held.
 *
 * <p>Values travel in their text form (bytes for binary types), with both sessions on UTC, so
 * TIMESTAMPs, DECIMALs and zero dates arrive exactly as they were.
 */
public class TableCopier {

    private final int batchSize;

    public TableCopier(int batchSize) {
        this.batchSize = batchSize;
    }

    /** Prepares a connection for either end of a copy. */
    public static void prepareSession(Connection c) throws SQLException {
        Sql.execute(c, "SET SESSION time_zone = '+00:00', SESSION FOREIGN_KEY_CHECKS = 0, SESSION UNIQUE_CHECKS = 0,"
                + " SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
    }

    /** Copies {@code fromDb.table} into {@code toDb.table}; returns the number of rows written. */
    public long copy(Connection from, String fromDb, Connection to, String toDb, String table, List<String> columns)
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
