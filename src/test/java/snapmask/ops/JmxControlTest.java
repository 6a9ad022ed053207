package snapmask.ops;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Ops pause and resume the schedule over JMX; pausing answers at once and lets a run going finish.
 * Run now answers for the run it started, or says why it did not start.
 */
class JmxControlTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    /** The schedule fires every second; the mask step of each run takes 3 s, so a test can act during it. */
    private static Map<String, String> scheduledEverySecondWithSlowMasking(String analyticsDb, GreenMailExtension mail) {
        Map<String, String> settings = TestApp.settings(analyticsDb, mail);
        settings.put("snapmask.schedule.enabled", "true");
        settings.put("snapmask.schedule.cron", "0/1 * * * * ?");
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(3).toString());
        return settings;
    }

    /** The run the schedule started, once it is in its mask step. */
    private static RunContext maskingOfAScheduledRun(TestApp app) {
        await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() != null
                && "mask".equals(app.ledger().current().currentStep()));
        RunContext running = app.ledger().current();
        assertThat(running.trigger()).isEqualTo("schedule");
        return running;
    }

    /**
     * Ops stop the schedule's route in jconsole while a run goes: the run ends ABORTED before its
     * next step, says so, and cleans up, at once, instead of going on to swap while Camel waits for
     * it (camel.main.shutdownTimeout) or being cut off by the route's end ("FAILED in step null").
     */
    @Test
    void stopping_the_schedule_route_during_a_run_aborts_the_run_before_its_next_step_and_says_which() throws Exception {
        Map<String, String> settings = scheduledEverySecondWithSlowMasking("analytics_jmx_stop", mail);
        // longer than the run: the stop must not wait for the run to end (it would swap) nor cut it off at the timeout
        settings.put("camel.main.shutdownTimeout", "600");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestApp app = TestApp.start(settings)) {
            RunContext running = maskingOfAScheduledRun(app);

            jmx.invoke(new ObjectName("org.apache.camel:context=snapmask,type=routes,name=\"refresh-schedule\""), "stop", null, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> app.ledger().current() == null);
            assertThat(running.status()).isEqualTo(RunContext.Status.ABORTED);
            assertThat(running.failedStep()).isEqualTo("verify");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(mail.getReceivedMessages()[0].getSubject())
                    .isEqualTo("snapmask refresh: ABORTED before step verify (route refresh-schedule was stopped)");
            // the history row is written as the run ends, just after the ledger lets the next run in
            await().atMost(Duration.ofSeconds(10)).until(() -> !TestDatabase.rows("SELECT status FROM analytics_jmx_stop_history.runs")
                    .equals(List.of(Map.of("status", "RUNNING"))));
            assertThat(TestDatabase.rows("SELECT status, failed_step, error FROM analytics_jmx_stop_history.runs")).containsExactly(
                    Map.of("status", "ABORTED", "failed_step", "verify",
                            "error", "route refresh-schedule was stopped: run " + running.id() + " aborted before step verify"));
            assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_" + running.id().replace('-', '_'))).as("the copy is dropped").isEmpty();
            assertThat(TestDatabase.databasesLike("analytics\\_jmx\\_stop")).as("nothing was swapped in").isEmpty();

            int before = app.ledger().recent().size();
            jmx.invoke(RefreshJob.objectName(jmx), "runNow", null, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().recent().size() > before && app.ledger().current() == null);
            assertThat(app.ledger().last().status()).as("a later run is not aborted").isEqualTo(RunContext.Status.SUCCEEDED);
        }
    }

    /** A run started by runNow does not go through the schedule's route: stopping that route leaves it be. */
    @Test
    void stopping_the_schedule_route_leaves_a_run_started_over_jmx_to_finish() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_jmx_stop_other", null);
        settings.put("snapmask.schedule.enabled", "true");
        settings.put("snapmask.schedule.cron", "0 0 3 1 1 ? 2099");
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(3).toString());
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestApp app = TestApp.start(settings)) {
            jmx.invoke(RefreshJob.objectName(jmx), "runNow", null, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() != null
                    && "mask".equals(app.ledger().current().currentStep()));
            RunContext running = app.ledger().current();

            jmx.invoke(new ObjectName("org.apache.camel:context=snapmask,type=routes,name=\"refresh-schedule\""), "stop", null, null);

            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() == null);
            assertThat(running.trigger()).isEqualTo("jmx");
            assertThat(running.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        }
    }

    @Test
    void pausing_during_a_scheduled_run_returns_at_once_the_run_finishes_and_health_stays_up() throws Exception {
        Map<String, String> settings = scheduledEverySecondWithSlowMasking("analytics_jmx", null);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName job;
        try (TestApp app = TestApp.start(settings)) {
            job = RefreshJob.objectName(jmx);
            assertThat(job.toString()).as("the same name at every start").isEqualTo(RefreshJob.OBJECT_NAME);
            RunContext running = maskingOfAScheduledRun(app);

            Object answer = jmx.invoke(job, "pauseSchedule", null, null);

            assertThat(app.ledger().current()).as("the call did not wait for the run").isSameAs(running);
            assertThat(answer).isEqualTo("paused; run " + running.id() + " goes on to its end");
            assertThat(jmx.getAttribute(job, "Schedule")).isEqualTo("paused");
            assertThat(jmx.getAttribute(job, "NextFireTime")).isEqualTo("never: the schedule is paused (resumeSchedule resumes it)");
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() == null);
            assertThat(running.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(HealthCheckHelper.invoke(app.context())).as("a schedule paused by ops is not a fault")
                    .allMatch(r -> r.getState() == HealthCheck.State.UP, "UP");

            int pausedAt = app.ledger().recent().size();
            assertThat(jmx.invoke(job, "resumeSchedule", null, null).toString()).startsWith("active; next run 20");
            assertThat(jmx.getAttribute(job, "Schedule")).isEqualTo("active");
            await().atMost(Duration.ofSeconds(30)).until(() -> app.ledger().recent().size() > pausedAt);
        }
    }

    @Test
    void run_now_while_another_process_refreshes_the_same_analytics_database_is_refused_and_recorded_as_skipped() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_jmx_busy", null);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (Connection otherProcess = TestDatabase.connect(); Statement lock = otherProcess.createStatement();
             TestApp app = TestApp.start(settings)) {
            // what a run-once started by hand holds on the analytics server for its whole run
            lock.executeQuery("SELECT GET_LOCK('snapmask:analytics_jmx_busy', 0)").close();
            ObjectName job = RefreshJob.objectName(jmx);

            assertThatThrownBy(() -> jmx.invoke(job, "runNow", null, null)).hasStackTraceContaining("refused: another snapmask"
                    + " process is refreshing into the same analytics database (lock 'snapmask:analytics_jmx_busy' on ");
            assertThat(jmx.getAttribute(job, "Status")).isEqualTo("idle");
            assertThat(TestDatabase.rows("SELECT run_trigger, status FROM analytics_jmx_busy_history.runs"))
                    .containsExactly(Map.of("run_trigger", "jmx", "status", "SKIPPED"));

            lock.executeQuery("SELECT RELEASE_LOCK('snapmask:analytics_jmx_busy')").close();
            String runId = (String) jmx.invoke(job, "runNow", null, null);
            await().atMost(Duration.ofSeconds(60)).until(() -> jmx.getAttribute(job, "Status").equals("idle"));
            assertThat(jmx.getAttribute(job, "LastRunId")).isEqualTo(runId);
            assertThat(jmx.getAttribute(job, "LastRunResult")).isEqualTo("SUCCEEDED");
        }
    }
}
