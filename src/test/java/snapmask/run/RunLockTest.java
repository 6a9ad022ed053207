package snapmask.run;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.testing.Engine;
import snapmask.testing.LogCapture;
import snapmask.testing.TestApp;
import snapmask.testing.TestMail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two snapmask processes (here: two applications) never refresh into the same analytics database at once. */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class RunLockTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @Parameter
    Engine engine;

    @Test
    void a_second_process_skips_its_run_quietly_while_the_first_runs_and_may_run_once_it_is_done() throws Exception {
        Map<String, String> slow = TestApp.settings("analytics_locked", mail, engine);
        slow.put("snapmask.masking.hooks", TestApp.slowMaskingHook(3).toString());
        try (TestApp first = TestApp.start(slow); TestApp second = TestApp.start(TestApp.settings("analytics_locked", mail, engine))) {
            CompletableFuture<RunContext> running = CompletableFuture.supplyAsync(first::refresh);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.ledger().current() != null
                    && "mask".equals(first.ledger().current().currentStep()));

            RunContext refused;
            try (LogCapture log = LogCapture.start()) {
                refused = second.refresh();
                assertThat(log.errors()).as("a skip wakes no log alerting").noneMatch(l -> l.contains(refused.id()));
            }
            assertThat(refused.status()).isEqualTo(RunContext.Status.SKIPPED);
            assertThat(refused.failedStep()).isEqualTo("lock");
            assertThat(refused.failure()).hasMessageStartingWith("another snapmask process is refreshing into the same analytics"
                    + " database (lock 'snapmask:analytics_locked'");
            assertThat(refused.stepTimes()).as("nothing after the lock ran").containsOnlyKeys("lock", "drop-copy");

            assertThat(engine.rows("SELECT status FROM analytics_locked_history.runs WHERE run_id = '" + refused.id() + "'"))
                    .extracting(r -> r.get("status")).containsExactly("SKIPPED");

            assertThat(running.get().status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(second.refresh().status()).as("the lock is free again").isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(mail.getReceivedMessages()).as("a skipped run wakes nobody").isEmpty();
        }
    }

    @Test
    void a_failed_run_frees_the_lock() {
        Map<String, String> failing = TestApp.settings("analytics_lock_fail", null, engine);
        failing.put("snapmask.local.database", "no_such_production");
        try (TestApp first = TestApp.start(failing); TestApp second = TestApp.start(TestApp.settings("analytics_lock_fail", null, engine))) {
            assertThat(first.refresh().failedStep()).isEqualTo("find-snapshot");
            assertThat(second.refresh().status()).isEqualTo(RunContext.Status.SUCCEEDED);
        }
    }
}
