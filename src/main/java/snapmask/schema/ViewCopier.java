package snapmask.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defines a database's views in another database: each view's SELECT with the source
 * database's qualifier taken out, so it reads the target database's tables. No DEFINER (it
 * would name an account the target may not have) and SQL SECURITY INVOKER, so a read-only
 * account that may SELECT the tables may SELECT the views. Views that read other views are
 * created after them.
 */
public final class ViewCopier {

    /** A function (or procedure) the view calls is not there. */
    private static final int ER_SP_DOES_NOT_EXIST = 1305;

    private ViewCopier() {
    }

    /**
     * Creates (or replaces) every view of {@code sourceDb} in {@code targetDb}; returns their names.
     * Leaves {@code target} on {@code targetDb}, where the views' unqualified names resolve.
     */
    public static List<String> copy(Connection source, String sourceDb, Connection target, String targetDb) throws SQLException {
        SchemaReader schema = new SchemaReader(source);
        Sql.execute(target, "USE " + Sql.name(targetDb));
        Map<String, String> pending = new LinkedHashMap<>();
        for (String view : schema.views(sourceDb)) {
            pending.put(view, schema.viewSelect(sourceDb, view));
        }
        List<String> created = new ArrayList<>();
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
        }
        if (!pending.isEmpty()) {
            var first = refused.entrySet().iterator().next();
            throw new SQLException("view " + first.getKey() + " cannot be defined in " + targetDb + ": "
                    + first.getValue().getMessage() + (first.getValue().getErrorCode() == ER_SP_DOES_NOT_EXIST
                    ? " (snapmask copies the stored functions of production that its source account sees: grant that account"
                    + " SHOW_ROUTINE ON *.* on MySQL 8, SELECT ON mysql.proc on MariaDB)" : ""), first.getValue());
        }
        created.sort(null);
        return created;
    }
}
