package snapmask.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Defines a database's views in another database: each view's SELECT with the source
 * database's qualifier taken out, so it reads the target database's tables. No DEFINER (it
 * would name an account the target may not have) and SQL SECURITY INVOKER, so a read-only
 * account that may SELECT the tables may SELECT the views. Views that read other views are
 * created after them; a view that reads another database is left out, as the target has only
 * the copied one.
 */
public final class ViewCopier {

    /** A table (or view) the view reads is not there. */
    private static final int ER_NO_SUCH_TABLE = 1146;
    private static final Pattern MISSING_TABLE = Pattern.compile("Table '([^.']+)\\.([^']+)' doesn't exist");
    private static final int ER_BAD_DB_ERROR = 1049;
    private static final Pattern MISSING_DATABASE = Pattern.compile("Unknown database '([^']+)'");
    /** A function (or procedure) the view calls is not there. */
    private static final int ER_SP_DOES_NOT_EXIST = 1305;

    private ViewCopier() {
    }

    /**
     * Creates (or replaces) every view of {@code sourceDb} in {@code targetDb} that reads only that
     * database; returns their names and the others.
     * Leaves {@code target} on {@code targetDb}, where the views' unqualified names resolve.
     */
    public static Defined copy(Connection source, String sourceDb, Connection target, String targetDb) throws SQLException {
        SchemaReader schema = new SchemaReader(source);
        Map<String, String> selects = new LinkedHashMap<>();
        for (String view : schema.views(sourceDb)) {
            selects.put(view, schema.viewSelect(sourceDb, view));
        }
        return define(selects, target, targetDb);
    }

    /**
     * Creates (or replaces) views in {@code targetDb}, each from its SELECT read with
     * {@link SchemaReader#viewSelect}, those read by others first.
     */
    public static Defined define(Map<String, String> selects, Connection target, String targetDb) throws SQLException {
        Sql.execute(target, "USE " + Sql.name(targetDb));
        Map<String, String> pending = new LinkedHashMap<>(selects);
        List<String> created = new ArrayList<>();
        Map<String, String> leftOut = new LinkedHashMap<>();
        Map<String, SQLException> refused = new LinkedHashMap<>();
        // a view can only be created once the views it reads exist: repeat until no round makes progress
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            refused.clear();
            for (var view : List.copyOf(pending.entrySet())) {
                try {
                    Sql.execute(target, "CREATE OR REPLACE SQL SECURITY INVOKER VIEW " + Sql.name(targetDb) + "."
                            + Sql.name(view.getKey()) + " AS " + view.getValue());
                    created.add(view.getKey());
                    pending.remove(view.getKey());
                    progress = true;
                } catch (SQLException e) {
                    refused.put(view.getKey(), e);
                }
            }
            if (!progress) {
                progress = leaveOut(refused, targetDb, pending, leftOut);
            }
        }
        if (!pending.isEmpty()) {
            var first = refused.entrySet().iterator().next();
            throw new SQLException("view " + first.getKey() + " cannot be defined in " + targetDb + ": "
                    + first.getValue().getMessage() + (first.getValue().getErrorCode() == ER_SP_DOES_NOT_EXIST
                    ? " (snapmask copies the stored functions of production that its source account sees: grant that account"
                    + " SHOW_ROUTINE ON *.* on MySQL 8, SELECT ON mysql.proc on MariaDB)" : ""), first.getValue());
        }
        created.sort(null);
        return new Defined(created, List.copyOf(leftOut.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
    }

    /**
     * Views that read another database than the one copied cannot work in the target, nor can views
     * that read them: those are left out rather than failing the refresh. True when any was.
     */
    private static boolean leaveOut(Map<String, SQLException> refused, String targetDb, Map<String, String> pending,
                                    Map<String, String> leftOut) {
        boolean any = false;
        for (var view : refused.entrySet()) {
            String why = whyItCannotWork(view.getValue(), targetDb, leftOut);
            if (why != null) {
                leftOut.put(view.getKey(), why);
                pending.remove(view.getKey());
                any = true;
            }
        }
        return any;
    }

    /** Why a refused view cannot work in the target database, or null when it should have. */
    private static String whyItCannotWork(SQLException refusal, String targetDb, Map<String, String> leftOut) {
        String message = String.valueOf(refusal.getMessage());
        Matcher missingDatabase = MISSING_DATABASE.matcher(message);
        if (refusal.getErrorCode() == ER_BAD_DB_ERROR && missingDatabase.find()) {
            // MySQL names the database, MariaDB the table
            return "reads database " + missingDatabase.group(1) + ", another database";
        }
        Matcher missing = MISSING_TABLE.matcher(message);
        if (refusal.getErrorCode() != ER_NO_SUCH_TABLE || !missing.find()) {
            return null;
        }
        if (!missing.group(1).equals(targetDb)) {
            return "reads " + missing.group(1) + "." + missing.group(2) + ", another database";
        }
        return leftOut.containsKey(missing.group(2)) ? "reads view " + missing.group(2) + ", left out" : null;
    }

    /** The views defined, by name, and those left out, each with why. */
    public record Defined(List<String> created, List<String> leftOut) {
    }
}
