package snapmask.local;

import snapmask.config.Analytics;
import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

/** The snapmask.local.* keys, required with snapmask.source=local; a source database the load would overwrite is refused. */
public record LocalSettings(boolean chosen, MySqlServer server, String database) {

    public static LocalSettings from(Settings s, Analytics analytics) {
        boolean chosen = "local".equals(s.string("snapmask.source"));
        MySqlServer server = MySqlServer.from(s, "snapmask.local", chosen);
        String database = chosen ? s.sourceDatabase("snapmask.local.database") : s.optional("snapmask.local.database").orElse("");
        if (chosen && !server.url().isEmpty() && server.where().equals(analytics.server().where()) && (database.equals(analytics.database())
                || database.startsWith(analytics.database() + "__snapmask"))) {
            s.problem(new ConfigurationException("snapmask.analytics.database", "is '" + analytics.database() + "' on the same server"
                    + " as the source database '" + database + "' (snapmask.local.database); the load would overwrite production"), null);
        }
        return new LocalSettings(chosen, server, database);
    }
}
