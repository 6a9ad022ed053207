package snapmask.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import snapmask.run.RunHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Ready while the last finished run succeeded, and a run succeeded within the freshness limit
 * (snapmask.watch.freshness): a failed, aborted or abandoned last run, or a schedule that stopped
 * firing, is DOWN until the next success.
 */
public class LastRunCheck extends AbstractHealthCheck {

    private final RefreshJob job;
    private final Duration freshness;

    /** {@code freshness} zero: no limit. */
    public LastRunCheck(RefreshJob job, Duration freshness) {
        super("snapmask", "last-run");
        this.job = job;
        this.freshness = freshness;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<RunHistory.Row> last = job.last();
        if (last.isEmpty()) {
            builder.message("no run yet").up();
            return;
        }
        RunHistory.Row run = last.get();
        builder.detail("run.id", run.runId()).detail("run.status", run.status()).detail("run.ended", String.valueOf(run.ended()));
        if ("SUCCEEDED".equals(run.status())) {
            Duration age = Duration.between(run.ended(), Instant.now());
            if (!freshness.isZero() && age.compareTo(freshness) > 0) {
                builder.message("last run " + run.runId() + " succeeded at " + run.ended() + ", more than " + freshness.toHours()
                        + " h ago (snapmask.watch.freshness): is the schedule running?").down();
                return;
            }
            builder.message("last run " + run.runId() + " succeeded at " + run.ended()).up();
        } else {
            builder.message("last run " + run.runId() + " " + run.status()
                    + (run.failedStep() == null ? "" : " in step " + run.failedStep()) + " at " + run.ended()).down();
        }
    }
}
