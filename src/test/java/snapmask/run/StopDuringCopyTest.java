package snapmask.run;

import org.junit.jupiter.api.Test;
import snapmask.testing.Engine;
import snapmask.testing.LogCapture;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping snapmask while tables copy into staging (a table no rule changes starts copying in the
 * stage step): the copies are cut off, nothing is swapped, the run ends ABORTED and says what it
 * left for the next run to remove; the next run removes it, says so, and succeeds.
 */
class StopDuringCopyTest {

    @Test
    void a_stop_while_tables_copy_cuts_them_off_swaps_nothing_and_the_next_run_removes_what_it_left() throws Exception {
        String numbers = Engine.MARIADB.numbers("stop_copy_numbers", 400_000);
        TestDatabase.execute("DROP DATABASE IF EXISTS production_stop_copy", "CREATE DATABASE production_stop_copy",
                "CREATE TABLE production_stop_copy.big (id INT PRIMARY KEY, filler VARCHAR(200))",
                "INSERT INTO production_stop_copy.big SELECT n, REPEAT('x', 200) FROM " + numbers);
        Map<String, String> settings = TestApp.settings("analytics_stop_copy", null);
        settings.put("snapmask.local.database", "production_stop_copy");
        settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());

        TestApp app = TestApp.start(settings);
        CompletableFuture<RunContext> refresh = CompletableFuture.supplyAsync(app::refresh);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> TestDatabase.count("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'LOAD DATA%analytics_stop_copy__snapmask_staging%'") > 0);
        app.close();
        RunContext stopped = refresh.get();

        assertThat(stopped.status()).isEqualTo(RunContext.Status.ABORTED);
        assertThat(stopped.failure()).hasMessageContaining("snapmask is stopping");
        assertThat(stopped.cleanup()).anyMatch(line -> line.startsWith("staging database analytics_stop_copy__snapmask_staging left on ")
                && line.endsWith("the next run removes it, nothing to do"));
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).as("the scratch copy is dropped").isEmpty();
        assertThat(TestDatabase.databasesLike("analytics\\_stop\\_copy")).as("nothing was swapped in").isEmpty();
        assertThat(TestDatabase.databasesLike("analytics\\_stop\\_copy\\_\\_snapmask\\_staging")).as("left for the next run").hasSize(1);

        try (LogCapture log = LogCapture.start(); TestApp next = TestApp.start(settings)) {
            RunContext after = next.refresh();
            assertThat(after.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(log.lines()).anyMatch(line -> line.contains("run " + after.id()
                    + ": removed analytics_stop_copy__snapmask_staging on ") && line.endsWith(", left by an earlier run that was stopped or failed"));
        }
        assertThat(TestDatabase.databasesLike("analytics\\_stop\\_copy\\_\\_snapmask\\_staging")).isEmpty();
        assertThat(TestDatabase.count("SELECT COUNT(*) FROM analytics_stop_copy.big")).isEqualTo(400_000);
    }
}
