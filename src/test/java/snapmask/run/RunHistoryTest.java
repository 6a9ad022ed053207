package snapmask.run;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.testing.Engine;
import snapmask.testing.FaultInjection;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestDirs;
import snapmask.testing.TestRules;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every run leaves one row in the history schema on the analytics server, whatever its end. */
@Tag("fast")
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class RunHistoryTest {

    @Parameter
    Engine engine;

    @Test
    void a_successful_run_records_its_steps_and_rows_per_table() {
        RunContext run;
        try (TestApp app = TestApp.start(TestApp.settings("analytics_hist_ok", null, engine))) {
            run = app.refresh();
        }
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        List<Map<String, String>> rows = engine.rows("SELECT * FROM analytics_hist_ok_history.runs");
        assertThat(rows).hasSize(1);
        Map<String, String> row = rows.get(0);
        assertThat(row).containsEntry("run_id", run.id()).containsEntry("run_trigger", "test").containsEntry("status", "SUCCEEDED")
                .containsEntry("failed_step", null).containsEntry("error", null)
                .containsEntry("rows_loaded", String.valueOf(engine.rowCounts("analytics_hist_ok").values().stream()
                        .mapToLong(Long::longValue).sum()));
        assertThat(row.get("temporary_copy")).contains("snapmask_restore_");
        assertThat(engine.count("SELECT CAST(ROUND(UNIX_TIMESTAMP(started_at) * 1000) AS SIGNED) FROM analytics_hist_ok_history.runs"))
                .as("started to the millisecond").isEqualTo(run.started().toEpochMilli());
        assertThat(engine.count("SELECT CAST(ROUND(UNIX_TIMESTAMP(ended_at) * 1000) AS SIGNED) FROM analytics_hist_ok_history.runs"))
                .as("ended to the millisecond").isEqualTo(run.ended().toEpochMilli());
        assertThat(engine.rows("SELECT step FROM analytics_hist_ok_history.run_steps ORDER BY step"))
                .extracting(r -> r.get("step"))
                .containsExactlyInAnyOrder("lock", "sweep-leftovers", "find-snapshot", "restore", "await-ready", "plan", "stage", "mask", "verify", "load",
                        "analytics-sql", "kpi-check", "swap", "kpi-history", "bi-account", "metabase", "drop-copy");
        assertThat(engine.count("SELECT rows_loaded FROM analytics_hist_ok_history.run_tables WHERE run_id = '" + run.id()
                + "' AND table_name = 'users'")).isEqualTo(TestDatabase.SAMPLE_USERS);
        assertThat(engine.rowCounts("analytics_hist_ok")).as("the history is not part of analytics").doesNotContainKey("runs");
    }

    @Test
    void a_failed_run_records_the_step_and_the_error() throws Exception {
        Path rules = TestRules.write(TestRules.UNKNOWN_COLUMN);
        Map<String, String> settings = TestApp.settings("analytics_hist_fail", null, engine);
        settings.put("snapmask.masking.rules", rules.toString());
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }
        Map<String, String> row = engine.rows("SELECT * FROM analytics_hist_fail_history.runs").get(0);
        assertThat(row).containsEntry("run_id", run.id()).containsEntry("status", "FAILED").containsEntry("failed_step", "plan");
        assertThat(row.get("error")).contains("table 'users' has no column 'phone'");
        assertThat(row.get("ended_at")).isNotNull();
    }

    @Test
    void stopping_snapmask_during_a_run_aborts_it_before_the_next_step_and_drops_the_copy() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_hist_abort", null, engine);
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(3).toString());
        TestApp app = TestApp.start(settings);
        CompletableFuture<RunContext> refresh = CompletableFuture.supplyAsync(app::refresh);
        await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() != null
                && "mask".equals(app.ledger().current().currentStep()));
        app.close();
        RunContext run = refresh.get();

        assertThat(run.status()).isEqualTo(RunContext.Status.ABORTED);
        assertThat(run.failedStep()).isEqualTo("verify");
        assertThat(engine.databasesLike("snapmask\\_restore\\_%")).isEmpty();
        Map<String, String> row = engine.rows("SELECT * FROM analytics_hist_abort_history.runs").get(0);
        assertThat(row).containsEntry("status", "ABORTED").containsEntry("failed_step", "verify");
        assertThat(row.get("error")).contains("snapmask is stopping");
        assertThat(engine.databasesLike("analytics\\_hist\\_abort")).as("nothing was loaded").isEmpty();
    }

    /**
     * As when the analytics server dies mid-load: the run's end cannot be written then; it waits on
     * disk and is written as soon as the server answers again, also after the process that ran it
     * exited (a run-once), not called abandoned by the next run.
     */
    @Test
    void the_end_of_a_run_the_server_did_not_take_is_written_when_it_answers_again_even_by_the_next_process() throws Exception {
        String history = "analytics_hist_later_history";
        engine.execute("DROP DATABASE IF EXISTS " + history);
        Map<String, String> settings = TestApp.settings("analytics_hist_later", null, engine);
        settings.put("snapmask.masking.hooks", TestApp.slowMaskingHook(2).toString());
        FaultInjection faults = new FaultInjection();
        RunContext failed;
        try (TestApp app = TestApp.start(settings, faults)) {
            faults.at("load");
            CompletableFuture<RunContext> refresh = CompletableFuture.supplyAsync(app::refresh);
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() != null
                    && "mask".equals(app.ledger().current().currentStep()));
            engine.execute("RENAME TABLE " + history + ".runs TO " + history + ".runs_away");
            failed = refresh.get();
            assertThat(failed.status()).isEqualTo(RunContext.Status.FAILED);
        }
        engine.execute("RENAME TABLE " + history + ".runs_away TO " + history + ".runs");
        assertThat(engine.rows("SELECT status FROM " + history + ".runs")).as("the end is not written yet")
                .containsExactly(Map.of("status", "RUNNING"));

        settings.put("snapmask.history.retry-interval", "100ms");
        try (TestApp next = TestApp.start(settings)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> engine.rows("SELECT status FROM " + history + ".runs")
                    .equals(List.of(Map.of("status", "FAILED"))));
        }
        assertThat(engine.rows("SELECT run_id, failed_step, error FROM " + history + ".runs")).containsExactly(
                Map.of("run_id", failed.id(), "failed_step", "load", "error", failed.failure().getMessage()));
        assertThat(engine.count("SELECT COUNT(*) FROM " + history + ".run_steps WHERE run_id = '" + failed.id() + "'"))
                .as("its step times too").isEqualTo(failed.stepTimes().size());
        assertThat(Path.of(settings.get("snapmask.history.outbox"))).as("nothing left waiting").isEmptyDirectory();
    }

    @Test
    void a_run_going_in_another_process_keeps_its_row_and_a_run_whose_process_died_is_abandoned() {
        String schema = "analytics_hist_alive_history";
        engine.execute("DROP DATABASE IF EXISTS " + schema);
        Path script = Path.of("sql/history/schema.sql");
        Path outbox = TestDirs.of("history-outbox/" + schema);
        RunHistory service = new RunHistory(engine.server(), schema, script, outbox);
        RunHistory killed = new RunHistory(engine.server(), schema, script, outbox);
        RunHistory runOnce = new RunHistory(engine.server(), schema, script, outbox);
        RunContext going = new RunContext("schedule", java.time.Clock.systemUTC());
        service.started(going);
        RunContext dead = new RunContext("cli", java.time.Clock.systemUTC());
        killed.started(dead);
        // kill -9 of that process: the server drops its connections, and with them the run's liveness lock
        String holder = engine.rows("SELECT IS_USED_LOCK('" + RunHistory.livenessLock(dead.id()) + "') AS id").get(0).get("id");
        engine.execute("KILL " + holder);

        RunContext beside = new RunContext("cli", java.time.Clock.systemUTC());
        runOnce.started(beside);

        assertThat(engine.rows("SELECT run_id, status FROM " + schema + ".runs")).containsExactlyInAnyOrder(
                Map.of("run_id", going.id(), "status", "RUNNING"),
                Map.of("run_id", dead.id(), "status", "ABANDONED"),
                Map.of("run_id", beside.id(), "status", "RUNNING"));
        going.succeeded();
        service.finished(going);
        beside.succeeded();
        runOnce.finished(beside);
        assertThat(engine.rows("SELECT run_id, status FROM " + schema + ".runs")).containsExactlyInAnyOrder(
                Map.of("run_id", going.id(), "status", "SUCCEEDED"),
                Map.of("run_id", dead.id(), "status", "ABANDONED"),
                Map.of("run_id", beside.id(), "status", "SUCCEEDED"));
        assertThat(engine.rows("SELECT IS_USED_LOCK('" + RunHistory.livenessLock(going.id()) + "') AS id"))
                .as("a finished run frees its lock").containsExactly(java.util.Collections.singletonMap("id", null));
    }
}
