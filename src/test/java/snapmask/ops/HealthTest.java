package snapmask.ops;

import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.testing.MetabaseFake;
import snapmask.testing.TestApp;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Camel health checks (routes, last run, freshness, analytics) over JMX, and the health command's exit code. */
class HealthTest {

    private static Map<String, String> checks(MBeanServer jmx, TestApp app) throws Exception {
        ObjectName health = jmx.queryNames(new ObjectName("org.apache.camel:context=" + app.context().getManagementName()
                + ",type=health,*"), null).iterator().next();
        Map<String, String> states = new HashMap<>();
        for (Object row : ((TabularData) jmx.invoke(health, "details", null, null)).values()) {
            CompositeData check = (CompositeData) row;
            states.put((String) check.get("id"), (String) check.get("state"));
        }
        states.put("healthy", String.valueOf(jmx.getAttribute(health, "Healthy")));
        return states;
    }

    @Test
    void a_successful_run_is_healthy_over_jmx_and_for_the_health_command() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_health", null);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestApp app = TestApp.start(settings)) {
            assertThat(app.refresh().status()).isEqualTo(RunContext.Status.SUCCEEDED);
            Map<String, String> checks = checks(jmx, app);
            assertThat(checks).containsEntry("last-run", "UP").containsEntry("analytics", "UP").containsEntry("healthy", "true");
            assertThat(checks.keySet()).as("Camel's route checks are there too").anyMatch(id -> id.startsWith("route:"));
        }
        assertThat(TestApp.health(settings, 0)).containsPattern("UP +last-run +last run \\S+ succeeded at ")
                .containsPattern("UP +analytics +SELECT 1 answered").endsWith("healthy\n").doesNotContain("route:");
    }

    @Test
    void a_failed_last_run_or_an_unreachable_analytics_server_is_unhealthy() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_unhealthy", null);
        settings.put("snapmask.local.database", "no_such_production");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestApp app = TestApp.start(settings)) {
            assertThat(app.refresh().status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(checks(jmx, app)).containsEntry("last-run", "DOWN").containsEntry("analytics", "UP").containsEntry("healthy", "false");
        }
        assertThat(TestApp.health(settings, 1)).containsPattern("DOWN +last-run +last run \\S+ FAILED in step find-snapshot at ")
                .endsWith("UNHEALTHY\n");

        Map<String, String> unreachable = TestApp.settings("analytics_unhealthy", null);
        unreachable.put("snapmask.analytics.url", "jdbc:mysql://127.0.0.1:1/");
        assertThat(TestApp.health(unreachable, 1)).containsPattern("DOWN +analytics +SQL error 0 \\(08S01\\)");
    }

    @Test
    void the_watch_targets_are_health_checks_with_the_watchs_own_answers() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_health_watch", null);
        settings.put("snapmask.watch.enabled", "true");
        settings.put("snapmask.watch.targets", "metabase, analytics");
        try (MetabaseFake metabase = new MetabaseFake()) {
            settings.put("snapmask.watch.metabase.url", metabase.url());
            assertThat(TestApp.health(settings, 0)).containsPattern("UP +metabase +")
                    .containsPattern("UP +analytics +SELECT 1 answered").contains("healthy");
            metabase.answer(MetabaseFake.Answer.INITIALIZING);
            assertThat(TestApp.health(settings, 1)).containsPattern("UNKNOWN +metabase +").endsWith("UNHEALTHY\n");
            metabase.answer(MetabaseFake.Answer.ERROR);
            assertThat(TestApp.health(settings, 1)).containsPattern("DOWN +metabase +HTTP 5");
        }
        settings.put("snapmask.watch.enabled", "false");
        assertThat(TestApp.health(settings, 0)).as("a target the service does not watch is not its health either")
                .doesNotContain("metabase");
    }

    @Test
    void a_last_success_older_than_the_freshness_limit_is_unhealthy_and_health_creates_nothing() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_health_stale", null);
        Path state = Path.of(settings.get("snapmask.watch.state-file"));
        Files.deleteIfExists(state);
        assertThat(TestApp.health(settings, 0)).as("no history yet: nothing to complain about").contains("UP    last-run               no run yet")
                .containsPattern("UP +refresh +no successful refresh since the watch started ");
        assertThat(snapmask.testing.TestDatabase.databasesLike("analytics\\_health\\_stale\\_history")).as("health only reads").isEmpty();

        try (TestApp app = TestApp.start(settings)) {
            assertThat(app.refresh().status()).isEqualTo(RunContext.Status.SUCCEEDED);
        }
        // the watch's memory, where the freshness is kept, says the last success was 30 hours ago
        Instant lastSuccess = Instant.now().minus(Duration.ofHours(30)).truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(state, Files.readString(state).replaceAll("refresh\\.last-success=.*",
                "refresh.last-success=" + lastSuccess.toString().replace(":", "\\\\:")));
        assertThat(TestApp.health(settings, 1)).containsPattern("UP +last-run +last run \\S+ succeeded at ")
                .containsPattern("DOWN +refresh +last successful refresh " + lastSuccess + " \\(1 d 6 h ago\\)")
                .endsWith("UNHEALTHY\n");
    }
}
