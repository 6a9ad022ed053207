package snapmask.run;

import org.apache.camel.CamelContext;
import org.quartz.CronExpression;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.time.ZoneId;

/** The snapmask.schedule.* keys: checked at start, and described for the freshness alert. */
public final class Schedule {

    private Schedule() {
    }

    /** Quartz would only complain when the route starts, in its own words; say it here, with the key. */
    public static Void validate(Settings settings) {
        settings.bool("snapmask.schedule.enabled");
        String cron = settings.string("snapmask.schedule.cron");
        try {
            CronExpression.validateExpression(cron);
        } catch (java.text.ParseException e) {
            settings.problem(new ConfigurationException("snapmask.schedule.cron", "is '" + cron + "', not a Quartz cron expression ("
                    + e.getMessage() + "); six or seven fields: seconds minutes hours day-of-month month day-of-week [year],"
                    + " e.g. 0 0 3 * * ?"), null);
        }
        String zone = settings.string("snapmask.schedule.timezone");
        try {
            ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            settings.problem(new ConfigurationException("snapmask.schedule.timezone", "is '" + zone
                    + "', not a time zone such as UTC or Europe/Berlin"), null);
        }
        return null;
    }

    /** For the freshness alert: a schedule stopped over JMX and forgotten is the usual cause of stale data. */
    public static String describe(CamelContext context, Settings settings, RunLedger ledger) {
        var status = context.getRouteController().getRouteStatus("refresh-schedule");
        RunContext last = ledger.last();
        return "schedule '" + settings.string("snapmask.schedule.cron") + "' (" + settings.string("snapmask.schedule.timezone")
                + "), route refresh-schedule " + (status == null ? "missing" : status.name().toLowerCase(java.util.Locale.ROOT))
                + "; last run since snapmask started: " + (last == null ? "none"
                : last.id() + " " + last.status() + (last.failedStep() == null ? "" : " in step " + last.failedStep()));
    }
}
