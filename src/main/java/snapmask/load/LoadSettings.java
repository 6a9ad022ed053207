package snapmask.load;

import snapmask.config.Analytics;
import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

import java.nio.file.Path;
import java.util.Optional;

/** The load's keys: snapmask.load.*, the BI account (snapmask.analytics.bi-*) and the analytics SQL (snapmask.analytics.scripts). */
public record LoadSettings(TableCopier.Method method, int threads, int batchSize, boolean compare, String biUser, String biHost,
                           String biPassword, Optional<Path> scripts) {

    public static LoadSettings from(Settings s) {
        String method = s.string("snapmask.load.method");
        if (!method.equals("load-data") && !method.equals("insert")) {
            s.problem(new ConfigurationException("snapmask.load.method", "is '" + method + "', must be load-data or insert"), null);
        }
        String user = s.optional("snapmask.analytics.bi-user").orElse("");
        if (!user.isEmpty() && !user.matches("[A-Za-z0-9_.-]{1,80}")) {
            s.problem(new ConfigurationException("snapmask.analytics.bi-user", "is '" + user + "', must be letters, digits, _ . or -"), null);
        }
        String host = s.string("snapmask.analytics.bi-host");
        if (!host.matches("[A-Za-z0-9_.%:-]{1,255}")) {
            s.problem(new ConfigurationException("snapmask.analytics.bi-host", "is '" + host + "', not a host name, address or pattern"), null);
        }
        String password = s.secret("snapmask.analytics.bi-password");
        return new LoadSettings(method.equals("insert") ? TableCopier.Method.INSERT : TableCopier.Method.LOAD_DATA,
                s.integer("snapmask.load.threads", 1, 16), s.integer("snapmask.load.batch-size", 1, 100_000),
                s.bool("snapmask.load.compare"), user, host, user.isEmpty() ? "" : password,
                s.optional("snapmask.analytics.scripts").map(Path::of));
    }

    /** The BI account on {@code server}: analytics' server, or a promoted copy that becomes it. */
    public BiAccount biAccount(MySqlServer server, Analytics analytics) {
        return new BiAccount(server, analytics.database(), biUser, biHost, biPassword, analytics.historySchema());
    }
}
