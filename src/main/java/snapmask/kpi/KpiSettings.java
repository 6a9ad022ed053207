package snapmask.kpi;

import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

/** The keys of KPIs, of the checks before the swap and of Metabase's sync: snapmask.kpi.*, snapmask.checks.*, snapmask.metabase.*. */
public record KpiSettings(KpiBook book, Duration retention, Duration queryTimeout, long tableMinRows, BigDecimal tableShrinkPercent,
                          String metabaseUrl, MetabaseSync.Method metabaseMethod, String metabaseDatabaseId, String metabaseApiKey) {

    public static KpiSettings from(Settings s) {
        KpiBook book = KpiBook.empty();
        try {
            book = s.optional("snapmask.kpi.file").map(f -> KpiBook.load(Path.of(f))).orElseGet(KpiBook::empty);
        } catch (KpiBookException e) {
            s.problem(new ConfigurationException("snapmask.kpi.file", "names a KPI file snapmask cannot use: " + e.getMessage()), null);
        }
        Duration timeout = s.duration("snapmask.kpi.query-timeout");
        if (timeout.toSeconds() < 1) {
            s.problem(new ConfigurationException("snapmask.kpi.query-timeout", "is shorter than a second"), null);
        }
        String url = s.optional("snapmask.metabase.url").orElse("");
        if (!url.isEmpty() && !url.matches("https?://[^\\s?#]+")) {
            s.problem(new ConfigurationException("snapmask.metabase.url", "is '" + url + "', must be Metabase's address, e.g."
                    + " http://metabase:3000 (no path after it, no query)"), null);
        }
        String method = s.string("snapmask.metabase.method");
        MetabaseSync.Method m = switch (method) {
            case "api" -> MetabaseSync.Method.API;
            case "notify" -> MetabaseSync.Method.NOTIFY;
            default -> s.problem(new ConfigurationException("snapmask.metabase.method", "is '" + method + "', must be api or notify"),
                    MetabaseSync.Method.API);
        };
        String id = s.optional("snapmask.metabase.database-id").orElse("");
        if (!id.isEmpty() && !id.matches("[1-9][0-9]{0,9}")) {
            s.problem(new ConfigurationException("snapmask.metabase.database-id", "is '" + id + "', must be Metabase's id of the"
                    + " analytics database (a whole number, Admin > Databases shows it in the address)"), null);
        }
        String key = s.secret("snapmask.metabase.api-key");
        if (!url.isEmpty() && key.isEmpty()) {
            s.problem(new ConfigurationException("snapmask.metabase.api-key", "is not set: with snapmask.metabase.url Metabase needs an"
                    + " API key (SNAPMASK_METABASE_API_KEY or snapmask.metabase.api-key-file)"), null);
        }
        if (m == MetabaseSync.Method.NOTIFY && !url.isEmpty() && id.isEmpty()) {
            s.problem(new ConfigurationException("snapmask.metabase.database-id", "is not set: with snapmask.metabase.method=notify"
                    + " Metabase's key only reaches /api/notify, so the database id cannot be looked up; set it"), null);
        }
        return new KpiSettings(book, Duration.ofDays(s.integer("snapmask.kpi.retention-days", 0, 100_000)), timeout,
                s.integer("snapmask.checks.table-min-rows", 0, Integer.MAX_VALUE),
                BigDecimal.valueOf(s.integer("snapmask.checks.table-shrink-percent", 0, 100)),
                url.replaceAll("/+$", ""), m, id, url.isEmpty() ? "" : key);
    }
}
