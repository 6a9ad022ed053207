package snapmask.run;

import org.junit.jupiter.api.Test;
import snapmask.testing.TestApp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Quartz route fires on its cron, and a run that outlasts the interval is never overlapped. */
class ScheduleTest {

    @Test
    void a_fast_cron_fires_repeatedly_and_runs_never_overlap() {
        Map<String, String> settings = TestApp.settings("analytics_schedule", null);
        settings.put("snapmask.schedule.enabled", "true");
        settings.put("snapmask.schedule.cron", "0/1 * * * * ?");
        settings.put("snapmask.schedule.timezone", "Europe/Berlin");
        List<RunContext> runs;
        try (TestApp app = TestApp.start(settings)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> finished(app.ledger().recent()) >= 3);
            runs = app.ledger().recent().stream().filter(r -> r.ended() != null).toList();
        }
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(r.trigger()).isEqualTo("schedule");
        });
        // every run takes longer than the 1 s interval, so overlap would show here
        assertThat(runs).allSatisfy(r -> assertThat(r.duration()).isGreaterThan(Duration.ofMillis(300)));
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).started()).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(runs.get(i - 1).ended());
        }
    }

    private static long finished(List<RunContext> runs) {
        return runs.stream().filter(r -> r.ended() != null).count();
    }
}
