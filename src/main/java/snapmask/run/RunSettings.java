package snapmask.run;

import org.quartz.CronExpression;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The run's keys: snapmask.schedule.* (Quartz would only complain when the route starts, in its own
 * words) and snapmask.history.*.
 */
public record RunSettings(boolean scheduled, String cron, String timezone, Path historyScript, Path historyOutbox,
                          Duration historyRetryInterval) {

    public static RunSettings from(Settings s) {
        String cron = s.string("snapmask.schedule.cron");
        try {
            CronExpression.validateExpression(cron);
        } catch (java.text.ParseException e) {
            s.problem(new ConfigurationException("snapmask.schedule.cron", "is '" + cron + "', not a Quartz cron expression ("
                    + e.getMessage() + "); six or seven fields: seconds minutes hours day-of-month month day-of-week [year],"
                    + " e.g. 0 0 3 * * ?"), null);
        }
        String zone = s.string("snapmask.schedule.timezone");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            s.problem(new ConfigurationException("snapmask.schedule.timezone", "is '" + zone
                    + "', not a time zone such as UTC or Europe/Berlin"), null);
        }
        return new RunSettings(s.bool("snapmask.schedule.enabled"), cron, zone, Path.of(s.string("snapmask.history.script")),
                Path.of(s.string("snapmask.history.outbox")), s.duration("snapmask.history.retry-interval"));
    }

    /** The schedule as ops configured it: {@code '0 0 3 * * ?' (UTC)}. */
    String schedule() {
        return "'" + cron + "' (" + timezone + ")";
    }
}
