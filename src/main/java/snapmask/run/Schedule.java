package snapmask.run;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import java.time.Instant;
import java.util.Optional;

import org.quartz.CronExpression;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.time.ZoneId;

/** The snapmask.schedule.* keys: checked at start, and described for the freshness alert. */
public final class Schedule {

    /** The trigger of routes/refresh.camel.yaml's {@code quartz:snapmask/refresh}. */
    static final TriggerKey TRIGGER = TriggerKey.triggerKey("refresh", "snapmask");

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

    /**
     * Ops pause the nightly run (JMX pauseSchedule): the Quartz trigger stops firing, and the call
     * returns at once; a run already going finishes. Stopping the route instead would wait for that
     * run up to the shutdown timeout and then cut it off. A restart resumes the schedule.
     */
    public static void pause(CamelContext context) throws SchedulerException {
        scheduler(context).pauseTrigger(TRIGGER);
    }

    public static void resume(CamelContext context) throws SchedulerException {
        scheduler(context).resumeTrigger(TRIGGER);
    }

    public static boolean paused(CamelContext context) {
        try {
            return scheduler(context).getTriggerState(TRIGGER) == Trigger.TriggerState.PAUSED;
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** When the trigger is due next (Quartz keeps that time while the trigger is paused); empty when not scheduled. */
    public static Optional<Instant> nextFire(CamelContext context) throws SchedulerException {
        Trigger trigger = scheduler(context).getTrigger(TRIGGER);
        return trigger == null || trigger.getNextFireTime() == null ? Optional.empty()
                : Optional.of(trigger.getNextFireTime().toInstant());
    }

    private static Scheduler scheduler(CamelContext context) {
        return context.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    /** For the freshness alert: a schedule paused or stopped over JMX and forgotten is the usual cause of stale data. */
    public static String describe(CamelContext context, Settings settings, RunLedger ledger) {
        var status = context.getRouteController().getRouteStatus("refresh-schedule");
        if (status == null) {
            // a command that runs once (health, check): it knows the schedule, not how the service runs it
            return "schedule '" + settings.string("snapmask.schedule.cron") + "' (" + settings.string("snapmask.schedule.timezone") + ")";
        }
        RunContext last = ledger.last();
        return "schedule '" + settings.string("snapmask.schedule.cron") + "' (" + settings.string("snapmask.schedule.timezone")
                + "), route refresh-schedule " + status.name().toLowerCase(java.util.Locale.ROOT)
                + (paused(context) ? ", PAUSED over JMX (resumeSchedule resumes it)" : "")
                + "; last run since snapmask started: " + (last == null ? "none"
                : last.id() + " " + last.status() + (last.failedStep() == null ? "" : " in step " + last.failedStep()));
    }
}
