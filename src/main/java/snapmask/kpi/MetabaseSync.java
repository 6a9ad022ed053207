package snapmask.kpi;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RedactedFailure;
import snapmask.step.RunNotes;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What routes/metabase.camel.yaml needs to tell Metabase that analytics changed: the API key
 * (from the environment or a file, never logged), which of Metabase's databases is analytics, and
 * what the report says afterwards. Metabase down or refusing is a warning, never a failed refresh.
 */
public class MetabaseSync {

    private static final Logger LOG = LoggerFactory.getLogger(MetabaseSync.class);

    /** api: sync_schema, rescan_values and cache invalidation with an API key (x-api-key); notify: /api/notify/db/:id with MB_API_KEY. */
    public enum Method { API, NOTIFY }

    private final String url;
    private final String apiKey;
    private final String databaseId;
    private final String analyticsDb;
    private final Method method;

    public MetabaseSync(String url, String apiKey, String databaseId, String analyticsDb, Method method) {
        this.url = url;
        this.apiKey = apiKey;
        this.databaseId = databaseId;
        this.analyticsDb = analyticsDb;
        this.method = method;
    }

    public boolean configured() {
        return !url.isEmpty();
    }

    public boolean notifyOnly() {
        return method == Method.NOTIFY;
    }

    /** Configured (snapmask.metabase.database-id), or empty: found by name in Metabase's list. */
    public String configuredDatabaseId() {
        return databaseId;
    }

    public String url() {
        return url;
    }

    /** The key in the header Metabase reads for the method in use. */
    public void authenticate(Exchange exchange) {
        exchange.getMessage().setHeader(method == Method.NOTIFY ? "X-METABASE-APIKEY" : "x-api-key", apiKey);
    }

    /**
     * Metabase's id of the analytics database, from GET /api/database: a list, or (newer versions)
     * {"data": [...]}; the database whose details name the analytics database.
     */
    @SuppressWarnings("unchecked")
    public String databaseIdIn(Object databases) {
        Object list = databases instanceof Map<?, ?> page ? page.get("data") : databases;
        if (list instanceof List<?> all) {
            for (Object each : all) {
                if (each instanceof Map<?, ?> database && database.get("details") instanceof Map<?, ?> details
                        && analyticsDb.equals(details.get("dbname")) && Objects.equals("mysql", database.get("engine"))) {
                    return String.valueOf(database.get("id"));
                }
            }
        }
        throw new IllegalStateException("Metabase at " + url + " has no MySQL database named " + analyticsDb
                + "; set snapmask.metabase.database-id to the id Metabase gives analytics");
    }

    /** Metabase offers no cache invalidation (before 0.50, or not in its edition): cached answers expire by themselves. */
    public void noCacheInvalidation(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        run.note("Metabase offers no cache invalidation (" + (e == null ? "" : e.getMessage()) + "): cached answers show the last"
                + " night's numbers until they expire");
    }

    public void told(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String what = method == Method.NOTIFY ? "notified of the new data" : "asked to sync the schema, rescan field values and"
                + " drop cached answers";
        run.note("Metabase at " + url + " " + what);
        LOG.info("run {}: Metabase at {} {}", run.id(), url, what);
    }

    /** Metabase is down, slow or refuses: the refresh stands, the report and the log say so. */
    public void notTold(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = e == null ? "unknown" : RedactedFailure.scrub(String.valueOf(e.getMessage()));
        run.note(RunNotes.WARNING + "Metabase at " + url + " was not told of the new data (" + why + "); the refresh stands, Metabase shows"
                + " the new data after its own next sync. Check snapmask.metabase.url and the API key (docs/runbook.md, Metabase)");
        LOG.warn("run {}: Metabase at {} was not told of the new data: {}", run.id(), url, why);
    }
}
