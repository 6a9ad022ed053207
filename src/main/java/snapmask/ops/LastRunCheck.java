package snapmask.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import snapmask.run.RunHistory;

import java.util.Map;
import java.util.Optional;

/**
 * Ready while the last finished run succeeded: a failed, aborted or abandoned last run is DOWN until
 * the next success. Whether a run succeeded recently enough is the {@code refresh} check's to say
 * (the watch's freshness target, snapmask.watch.freshness).
 */
public class LastRunCheck extends AbstractHealthCheck {

    private final RefreshJob job;

    public LastRunCheck(RefreshJob job) {
        super("snapmask", "last-run");
        this.job = job;
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
            builder.message("last run " + run.runId() + " succeeded at " + run.ended()).up();
        } else {
            builder.message("last run " + run.runId() + " " + run.status()
                    + (run.failedStep() == null ? "" : " in step " + run.failedStep()) + " at " + run.ended()).down();
        }
    }
}
