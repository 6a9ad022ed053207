package snapmask.load;

import snapmask.run.RedactedFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A warning while loading means the server stored something other than what was sent (a
 * truncated string, a value it could not read, a NULL for a bad address): the table fails with
 * the server's own words. Those words can quote the row's value, so quoted values are cut out:
 * no personal value reaches a mail, a log line or the run history through them.
 */
final class LoadWarnings {

    private static final int SHOWN = 3;

    private LoadWarnings() {
    }

    /** Throws when the last statement on {@code c} left any warning or error. */
    static void failOnAny(Connection c, String table) throws SQLException {
        List<String> warnings = new ArrayList<>();
        long count;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW COUNT(*) WARNINGS")) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count == 0) {
                return;
            }
            try (ResultSet rs = st.executeQuery("SHOW WARNINGS LIMIT " + SHOWN)) {
                while (rs.next()) {
                    warnings.add(rs.getString(1) + " " + rs.getInt(2) + ": " + scrub(rs.getString(3)));
                }
            }
        }
        throw new LoadException("table " + table + ": the analytics server changed values while loading, so the copy would"
                + " not be exact (" + count + " warning" + (count == 1 ? "" : "s") + "): " + String.join("; ", warnings)
                + (count > SHOWN ? "; ..." : ""), null);
    }

    static String scrub(String message) {
        return message == null ? "" : RedactedFailure.scrub(message);
    }
}
