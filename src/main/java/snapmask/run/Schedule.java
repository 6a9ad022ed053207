package snapmask.run;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

import java.time.Instant;
import java.util.Optional;

/** The snapmask.schedule.* keys: checked at start, and described for the freshness alert. */
public final class Schedule {

    /** The trigger of routes/refresh.camel.yaml's {@code quartz:snapmask/refresh}. */
    static final TriggerKey TRIGGER = TriggerKey.triggerKey("refresh", "snapmask");

    private Schedule() {
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
    public static String describe(CamelContext context, RunSettings settings, RunLedger ledger) {
        var status = context.getRouteController().getRouteStatus("refresh-schedule");
        if (status == null) {
            // a command that runs once (health, check): it knows the schedule, not how the service runs it
            return "schedule " + settings.schedule();
        }
        RunContext last = ledger.last();
        return "schedule " + settings.schedule() + ", route refresh-schedule " + status.name().toLowerCase(java.util.Locale.ROOT)
                + (paused(context) ? ", PAUSED over JMX (resumeSchedule resumes it)" : "")
                + "; last run since snapmask started: " + (last == null ? "none"
                : last.id() + " " + last.status() + (last.failedStep() == null ? "" : " in step " + last.failedStep()));
    }
}
