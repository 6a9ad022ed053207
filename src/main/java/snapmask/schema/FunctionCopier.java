package snapmask.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defines a database's stored functions in another database, for the views that call them (a view
 * that calls a function the target lacks cannot be created). As for views: no DEFINER, which would
 * name an account the target may not have, and SQL SECURITY INVOKER, so a function runs with the
 * rights of the account that calls it. Procedures and events are not copied: analytics only reads,
 * and an event would change it on its own schedule.
 */
public final class FunctionCopier {

    private static final String DEFINER = "^CREATE DEFINER=`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)? ";

    private static final int ER_WRONG_VALUE_FOR_VAR = 1231;
    private static final Pattern REFUSED_MODE = Pattern.compile("'([A-Z_0-9]+)'$");

    private FunctionCopier() {
    }

    /** Creates (or replaces) every function of {@code sourceDb} in {@code targetDb}; returns their names. */
    public static List<String> copy(Connection source, String sourceDb, Connection target, String targetDb) throws SQLException {
        List<String> functions = new SchemaReader(source).functions(sourceDb);
        if (functions.isEmpty()) {
            return functions;
        }
        String sessionMode = sqlMode(target);
        Sql.execute(target, "USE " + Sql.name(targetDb));
        try {
            for (String function : functions) {
                String[] definition = definition(source, sourceDb, function);
                // the body means what it meant under the sql_mode it was created with (ANSI_QUOTES, PIPES_AS_CONCAT...)
                setSqlMode(target, definition[0]);
                try {
                    Sql.execute(target, "DROP FUNCTION IF EXISTS " + Sql.name(function));
                    Sql.execute(target, definition[1].replaceFirst(DEFINER, "CREATE "));
                    Sql.execute(target, "ALTER FUNCTION " + Sql.name(function) + " SQL SECURITY INVOKER");
                } catch (SQLException e) {
                    throw new SQLException("function " + function + " cannot be defined in " + targetDb + ": " + e.getMessage()
                            + " (views of production may call it)", e.getSQLState(), e.getErrorCode(), e);
                }
            }
        } finally {
            Sql.execute(target, "SET SESSION sql_mode = " + Sql.literal(sessionMode));
        }
        return functions;
    }

    /** The report's note on the procedures and events of {@code database}, which are never copied; empty when it has none. */
    public static Optional<String> notCopied(SchemaReader schema, String database) throws SQLException {
        List<String> routines = schema.proceduresAndEvents(database);
        return routines.isEmpty() ? Optional.empty() : Optional.of("not copied, as analytics only reads: " + String.join(", ", routines));
    }

    /** The function's sql_mode and its CREATE FUNCTION statement. */
    private static String[] definition(Connection source, String sourceDb, String function) throws SQLException {
        try (Statement st = source.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE FUNCTION " + Sql.name(sourceDb) + "." + Sql.name(function))) {
            rs.next();
            String create = rs.getString(3);
            if (create == null) {
                throw new SQLException("function " + function + " of " + sourceDb + ": the source account may not read its definition,"
                        + " which views of production call. Grant it SHOW_ROUTINE ON *.* (MySQL 8) or SELECT ON mysql.proc (MariaDB)");
            }
            return new String[] {rs.getString(2), create};
        }
    }

    /**
     * Sets the modes the target knows: MariaDB's functions carry modes MySQL 8 dropped
     * (NO_AUTO_CREATE_USER), which it refuses by name.
     */
    private static void setSqlMode(Connection target, String mode) throws SQLException {
        List<String> modes = new ArrayList<>(List.of(mode.split(",")));
        while (true) {
            try {
                Sql.execute(target, "SET SESSION sql_mode = " + Sql.literal(String.join(",", modes)));
                return;
            } catch (SQLException e) {
                Matcher refused = REFUSED_MODE.matcher(String.valueOf(e.getMessage()));
                if (e.getErrorCode() != ER_WRONG_VALUE_FOR_VAR || !refused.find() || !modes.remove(refused.group(1))) {
                    throw e;
                }
            }
        }
    }

    private static String sqlMode(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@SESSION.sql_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
