package snapmask.load;

import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

/** The analytics side's keys: snapmask.analytics.* (the database, the BI account) and snapmask.load.*, checked at start. */
public final class LoadSettings {

    private LoadSettings() {
    }

    /** The analytics database; snapmask adds suffixes to it for staging, so it must leave room for them. */
    public static String analyticsDatabase(Settings settings) {
        String analyticsDb = settings.identifier("snapmask.analytics.database");
        if (analyticsDb.length() > 45) {
            throw new ConfigurationException("snapmask.analytics.database", "is longer than 45 characters; snapmask adds"
                    + " __snapmask_staging to it and MySQL names end at 64");
        }
        return analyticsDb;
    }

    public static AnalyticsLoader loader(Settings settings, MySqlServer analytics, String analyticsDb) {
        String method = settings.string("snapmask.load.method");
        if (!method.equals("load-data") && !method.equals("insert")) {
            throw new ConfigurationException("snapmask.load.method", "is '" + method + "', must be load-data or insert");
        }
        return new AnalyticsLoader(analytics, analyticsDb,
                settings.integer("snapmask.load.threads", 1, 16), settings.integer("snapmask.load.batch-size", 1, 100_000),
                method.equals("insert") ? TableCopier.Method.INSERT : TableCopier.Method.LOAD_DATA)
                .comparing(settings.bool("snapmask.load.compare"));
    }

    public static BiAccount biAccount(Settings settings, MySqlServer analytics, String analyticsDb) {
        String user = settings.optional("snapmask.analytics.bi-user").orElse("");
        if (!user.isEmpty() && !user.matches("[A-Za-z0-9_.-]{1,80}")) {
            throw new ConfigurationException("snapmask.analytics.bi-user", "is '" + user + "', must be letters, digits, _ . or -");
        }
        String host = settings.string("snapmask.analytics.bi-host");
        if (!host.matches("[A-Za-z0-9_.%:-]{1,255}")) {
            throw new ConfigurationException("snapmask.analytics.bi-host", "is '" + host + "', not a host name, address or pattern");
        }
        return new BiAccount(analytics, analyticsDb, user, host, user.isEmpty() ? "" : settings.secret("snapmask.analytics.bi-password"),
                settings.string("snapmask.history.schema"));
    }
}
