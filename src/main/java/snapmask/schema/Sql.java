package snapmask.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Quoting and one-shot statements for generated SQL. Names come from the server or checked config. */
public final class Sql {

    private Sql() {
    }

    /** A back-quoted identifier; a back-quote inside is doubled, as MySQL requires. */
    public static String name(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    public static String names(List<String> identifiers) {
        return identifiers.stream().map(Sql::name).collect(Collectors.joining(", "));
    }

    /** The server (or the client's setting) refuses LOAD DATA LOCAL INFILE: local_infile=0. */
    public static boolean refusesLocalInfile(SQLException e) {
        return e.getErrorCode() == 1148 || e.getErrorCode() == 3948; // ER_NOT_ALLOWED_COMMAND, ER_CLIENT_LOCAL_FILES_DISABLED
    }

    /** A single-quoted string literal with backslashes and quotes escaped. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    public static long count(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row of a query, as text. */
    public static String text(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** True when {@code connection} is to MariaDB (its version says so; MySQL's does not). */
    public static boolean isMariaDb(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductVersion().toLowerCase(java.util.Locale.ROOT).contains("mariadb");
    }
}
