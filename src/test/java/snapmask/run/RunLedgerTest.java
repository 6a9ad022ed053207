package snapmask.run;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.step.RunAbortedException;
import snapmask.testing.TestClock;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The run's frame without a database or a route: one run at a time in a process, a stop that
 * aborts the run going (a stopped route only that run, a stopping snapmask every later one too),
 * and the run's times from the clock. The lock on the analytics server is RunLockTest's.
 */
@Tag("fast")
class RunLedgerTest {

    private final TestClock clock = new TestClock();
    private final RunLedger ledger = new RunLedger(new RunLock(null, "analytics"), clock);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private RunContext begin(String trigger) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(RunLedger.TRIGGER_HEADER, trigger);
        ledger.begin(exchange);
        return exchange.getProperty(RunContext.PROPERTY, RunContext.class);
    }

    @Test
    void a_second_run_in_the_same_process_is_refused_naming_the_run_going_and_its_step() {
        RunContext going = begin("schedule");
        going.stepStarted("mask");

        assertThatThrownBy(() -> begin("jmx")).isInstanceOf(RunInProgressException.class)
                .hasMessage("refresh not started: run " + going.id() + " is still running (step mask)");
        going.succeeded();
        ledger.ended(going);

        assertThat(begin("jmx").trigger()).as("the next one begins once it ended").isEqualTo("jmx");
        assertThat(ledger.recent()).extracting(RunContext::trigger).containsExactly("schedule", "jmx");
    }

    @Test
    void a_stopped_route_aborts_the_run_going_and_no_later_run() {
        RunContext going = begin("schedule");

        ledger.abortRun("route refresh-schedule is stopping", "route refresh-schedule was stopped");

        assertThat(ledger.abortRequested()).isTrue();
        assertThat(going.abortedBecause()).isEqualTo("route refresh-schedule was stopped");
        assertThat(ledger.stopReason()).as("what a waiting step gives up with").hasValue("route refresh-schedule was stopped");
        going.failed(new RunAbortedException("route refresh-schedule was stopped: run " + going.id() + " aborted before step verify"));
        assertThat(going.status()).isEqualTo(RunContext.Status.ABORTED);
        ledger.ended(going);

        RunContext next = begin("jmx");
        assertThat(ledger.abortRequested()).as("the run ops start next is not aborted").isFalse();
        assertThat(ledger.stopReason()).isEmpty();
        assertThat(next.abortedBecause()).isNull();
    }

    @Test
    void a_stopping_snapmask_aborts_the_run_going_and_refuses_every_later_one() {
        RunContext going = begin("schedule");

        ledger.requestAbort("snapmask is stopping");

        assertThat(going.abortedBecause()).isEqualTo("snapmask was stopped");
        assertThat(ledger.stopReason()).hasValue("snapmask is stopping");
        going.failed(new IllegalStateException("the step failed on its own before the next step boundary"));
        assertThat(going.status()).as("failed, not aborted: a step failure is not the stop").isEqualTo(RunContext.Status.FAILED);
        ledger.ended(going);
        assertThatThrownBy(() -> begin("jmx")).isInstanceOf(RunAbortedException.class)
                .hasMessage("refresh not started: snapmask is stopping");
    }

    @Test
    void the_run_id_step_times_and_duration_come_from_the_clock() {
        RunContext run = begin("cli");
        run.stepStarted("load");
        clock.advance(Duration.ofMillis(1500));
        run.stepEnded("load", false);
        clock.advance(Duration.ofMillis(500));
        run.succeeded();

        assertThat(run.id()).matches("20261201-030000-[0-9a-f]{4}");
        assertThat(run.stepTimes()).containsExactly(java.util.Map.entry("load", Duration.ofMillis(1500)));
        assertThat(run.duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(run.ended()).isEqualTo(clock.instant());
    }
}
