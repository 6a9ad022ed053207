package snapmask.run;

import org.junit.jupiter.api.Test;
import snapmask.testing.LogCapture;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What ops read in the log: a line per step with the run id; never a secret, never a personal value. */
class RunLogTest {

    private static final Map<String, String> SECRETS = Map.of(
            "snapmask.analytics.password", "Analytics-S3cret-pw",
            "snapmask.local.password", "Local-S3cret-pw",
            "snapmask.masking.hash-key", "Hash-S3cret-key-0123456789",
            "snapmask.analytics.bi-password", "Bi-S3cret-pw");

    @Test
    void every_step_logs_a_line_with_the_run_id() {
        RunContext run;
        List<String> lines;
        try (LogCapture log = LogCapture.start(); TestApp app = TestApp.start(TestApp.settings("analytics_logs", null))) {
            run = app.refresh();
            lines = log.lines();
        }
        assertThat(run.stepTimes()).isNotEmpty();
        for (String step : run.stepTimes().keySet()) {
            assertThat(lines).as("step " + step).anyMatch(l -> l.contains("run " + run.id() + ": step " + step + " done in "));
        }
        assertThat(lines).anyMatch(l -> l.contains("run " + run.id() + ": SUCCEEDED"));
    }

    @Test
    void no_log_line_holds_a_secret_or_a_personal_value_from_production() {
        Map<String, String> settings = TestApp.settings("analytics_logs_clean", null);
        settings.putAll(SECRETS);
        Set<String> personal = TestDatabase.personalValues().stream().filter(v -> v != null && v.length() >= 6)
                .collect(Collectors.toSet());
        assertThat(personal).hasSizeGreaterThan(TestDatabase.SAMPLE_USERS);
        List<String> lines;
        try (LogCapture log = LogCapture.start(); TestApp app = TestApp.start(settings)) {
            assertThat(app.refresh().status()).isEqualTo(RunContext.Status.SUCCEEDED);
            lines = log.lines();
        }
        assertThat(lines).as("the startup lists the settings").anyMatch(l -> l.contains("snapmask.analytics.password"));
        for (String line : lines) {
            SECRETS.values().forEach(secret -> assertThat(line).doesNotContain(secret));
            for (String value : personal) {
                assertThat(line).as("a personal value in the log").doesNotContain(value);
            }
        }
    }
}
