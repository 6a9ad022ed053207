package snapmask.load;

import snapmask.step.RedactedFailure;
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
    /** WARN_DATA_TRUNCATED, which also stores an ENUM's error value. */
    private static final int DATA_TRUNCATED = 1265;

    private LoadWarnings() {
    }

    /**
     * Throws when the last statement on {@code c} left any warning or error but the {@code enumErrorValues}
     * warnings 1265 that storing that many ENUM error values of {@code enumColumns} gives. The server keeps
     * only the first warnings of a statement (max_error_count) but counts them all: the count must be
     * exactly theirs, and each warning it kept must be one of them, so no other warning passes.
     */
    static void failOnAnyBut(Connection c, String table, long enumErrorValues, List<String> enumColumns) throws SQLException {
        List<String> warnings = new ArrayList<>();
        long count;
        boolean allEnumErrors = true;
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW COUNT(*) WARNINGS")) {
                rs.next();
                count = rs.getLong(1);
            }
            if (count == 0 && enumErrorValues == 0) {
                return;
            }
            try (ResultSet rs = st.executeQuery(count == enumErrorValues ? "SHOW WARNINGS" : "SHOW WARNINGS LIMIT " + SHOWN)) {
                while (rs.next()) {
                    String message = rs.getString(3);
                    allEnumErrors &= rs.getInt(2) == DATA_TRUNCATED && enumColumns.stream().anyMatch(column ->
                            message.startsWith("Data truncated for column '" + column + "' at row "));
                    if (warnings.size() < SHOWN) {
                        warnings.add(rs.getString(1) + " " + rs.getInt(2) + ": " + scrub(message));
                    }
                }
            }
        }
        if (count == enumErrorValues && allEnumErrors) {
            return;
        }
        if (count != enumErrorValues && enumErrorValues > 0) {
            throw new LoadException("table " + table + ": " + enumErrorValues + " ENUM error value(s) were sent (production holds them"
                    + " as index 0, ''), but the analytics server gave " + count + " warning(s) for them, so the copy would not be"
                    + " exact: " + String.join("; ", warnings) + (count > SHOWN ? "; ..." : ""), null);
        }
        throw new LoadException("table " + table + ": the analytics server changed values while loading, so the copy would"
                + " not be exact (" + count + " warning" + (count == 1 ? "" : "s") + "): " + String.join("; ", warnings)
                + (count > SHOWN ? "; ..." : ""), null);
    }

    static String scrub(String message) {
        return message == null ? "" : RedactedFailure.scrub(message);
    }
}
