package snapmask.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What each run ends with, as metrics (served at /metrics, Prometheus' names in brackets): runs by
 * result ({@code snapmask_runs_total}), run and step durations ({@code snapmask_run_duration_seconds},
 * {@code snapmask_step_duration_seconds}), the rows the last successful run loaded per table
 * ({@code snapmask_rows_loaded}) and when it ended ({@code snapmask_last_success_timestamp_seconds}).
 * Counted since this process started, as Prometheus expects of a counter.
 */
public class RunMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final MultiGauge rowsLoaded;

    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("snapmask.last.success.timestamp", lastSuccess, AtomicLong::doubleValue).baseUnit("seconds")
                .description("when the last successful run ended (Unix time); 0 until one has").register(registry);
        rowsLoaded = MultiGauge.builder("snapmask.rows.loaded").description("rows the last successful run loaded, per table")
                .register(registry);
        for (RunContext.Status status : RunContext.Status.values()) {
            if (status != RunContext.Status.RUNNING) {
                runs(status);
            }
        }
    }

    /** A run has ended. */
    void ended(RunContext run) {
        runs(run.status()).increment();
        if (run.status() == RunContext.Status.SKIPPED) {
            return;
        }
        Timer.builder("snapmask.run.duration").description("how long runs took, by result").tag("result", result(run.status()))
                .register(registry).record(run.duration());
        run.stepTimes().forEach((step, took) -> Timer.builder("snapmask.step.duration").description("how long each step took")
                .tag("step", step).register(registry).record(took));
        if (run.status() == RunContext.Status.SUCCEEDED) {
            lastSuccess.set(run.ended().getEpochSecond());
            rowsLoaded.register(run.rowsPerTable().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("table", e.getKey()), e.getValue())).toList(), true);
        }
    }

    private Counter runs(RunContext.Status status) {
        return Counter.builder("snapmask.runs").description("runs that ended, by result").tag("result", result(status))
                .register(registry);
    }

    private static String result(RunContext.Status status) {
        return status.name().toLowerCase(java.util.Locale.ROOT);
    }
}
