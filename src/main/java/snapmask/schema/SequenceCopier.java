package snapmask.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Copies a MariaDB sequence: its definition, and where it stands (the next value it hands out
 * and its cycle count), so that analytics shows the same sequence state as production.
 */
public final class SequenceCopier {

    private SequenceCopier() {
    }

    public static void copy(Connection source, String sourceDb, String sequence, Connection target, String targetDb)
            throws SQLException {
        String from = Sql.name(sourceDb) + "." + Sql.name(sequence);
        String to = Sql.name(targetDb) + "." + Sql.name(sequence);
        String create;
        long next;
        long cycles;
        try (Statement st = source.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW CREATE SEQUENCE " + from)) {
                rs.next();
                create = rs.getString(2);
            }
            try (ResultSet rs = st.executeQuery("SELECT next_not_cached_value, cycle_count FROM " + from)) {
                rs.next();
                next = rs.getLong(1);
                cycles = rs.getLong(2);
            }
        }
        Sql.execute(target, create.replaceFirst("^CREATE SEQUENCE `(?:[^`]|``)+`", "CREATE SEQUENCE " + to.replace("$", "\\$")));
        // is_used = 0: the next NEXTVAL returns exactly this value
        Sql.execute(target, "SELECT SETVAL(" + to + ", " + next + ", 0, " + cycles + ")");
    }
}
