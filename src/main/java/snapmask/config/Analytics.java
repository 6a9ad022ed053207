package snapmask.config;

/**
 * The analytics server and what snapmask writes there: the analytics database Metabase reads and,
 * beside it, the schema of the run history (snapmask.analytics.*, snapmask.history.schema).
 */
public record Analytics(MySqlServer server, String database, String historySchema) {

    public static Analytics from(Settings s) {
        MySqlServer server = MySqlServer.from(s, "snapmask.analytics");
        String database = s.identifier("snapmask.analytics.database");
        if (database.length() > 45) {
            s.problem(new ConfigurationException("snapmask.analytics.database", "is longer than 45 characters; snapmask adds"
                    + " __snapmask_staging to it and MySQL names end at 64"), null);
        }
        String history = s.identifier("snapmask.history.schema");
        if (history.equals(database) || history.startsWith(database + "__snapmask")) {
            s.problem(new ConfigurationException("snapmask.history.schema", "is '" + history + "', which the load of analytics"
                    + " database '" + database + "' replaces; use a schema of its own"), null);
        }
        return new Analytics(server, database, history);
    }

    /** Where a load stages analytics' tables before the swap: the KPIs and checks read them there. */
    public String staging() {
        return stagingOf(database);
    }

    /** The staging database of analytics database {@code database}. */
    public static String stagingOf(String database) {
        return database + "__snapmask_staging";
    }
}
