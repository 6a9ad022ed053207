package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.source.Snapshot;
import snapmask.source.SourceException;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;

/**
 * Step find-snapshot of the rds and aurora sources (bean {@code finder}): the newest available
 * snapshot of production (snapmask.rds.snapshot-type), or for an Aurora clone the production
 * cluster as of its latest restorable time. Production is only ever described.
 */
public class SnapshotFinder {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFinder.class);

    private final RdsSettings settings;
    private final Clock clock;

    SnapshotFinder(RdsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public DescribeDbSnapshotsRequest snapshotsOfProduction() {
        DescribeDbSnapshotsRequest.Builder request = DescribeDbSnapshotsRequest.builder().dbInstanceIdentifier(settings.sourceInstance());
        if (!settings.snapshotType().equals("either")) {
            request.snapshotType(settings.snapshotType());
        }
        return request.build();
    }

    public Snapshot newestSnapshot(@Body DescribeDbSnapshotsResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBSnapshot newest = response.dbSnapshots().stream()
                .filter(s -> "available".equals(s.status()))
                .filter(s -> settings.snapshotType().equals("either") || settings.snapshotType().equals(s.snapshotType()))
                .max(Comparator.comparing(DBSnapshot::snapshotCreateTime))
                .orElseThrow(() -> new SourceException("no available " + settings.snapshotType() + " snapshot of RDS instance '"
                        + settings.sourceInstance() + "' in " + settings.region()
                        + " (snapmask.rds.instance, snapmask.rds.snapshot-type)", null));
        return found(run, new Snapshot(newest.dbSnapshotIdentifier(), settings.sourceInstance(), newest.snapshotCreateTime()));
    }

    public DescribeDbClusterSnapshotsRequest snapshotsOfProductionCluster() {
        DescribeDbClusterSnapshotsRequest.Builder request = DescribeDbClusterSnapshotsRequest.builder()
                .dbClusterIdentifier(settings.sourceInstance());
        if (!settings.snapshotType().equals("either")) {
            request.snapshotType(settings.snapshotType());
        }
        return request.build();
    }

    public Snapshot newestClusterSnapshot(@Body DescribeDbClusterSnapshotsResponse response,
                                          @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBClusterSnapshot newest = response.dbClusterSnapshots().stream()
                .filter(s -> "available".equals(s.status()))
                .filter(s -> settings.snapshotType().equals("either") || settings.snapshotType().equals(s.snapshotType()))
                .max(Comparator.comparing(DBClusterSnapshot::snapshotCreateTime))
                .orElseThrow(() -> new SourceException("no available " + settings.snapshotType() + " snapshot of Aurora cluster '"
                        + settings.sourceInstance() + "' in " + settings.region()
                        + " (snapmask.aurora.cluster, snapmask.rds.snapshot-type)", null));
        return found(run, new Snapshot(newest.dbClusterSnapshotIdentifier(), settings.sourceInstance(), newest.snapshotCreateTime()));
    }

    public DescribeDbClustersRequest productionCluster() {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.sourceInstance()).build();
    }

    /** What a clone starts from: the production cluster as of its latest restorable time. */
    public Snapshot cloneOf(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBCluster production = response.dbClusters().get(0);
        Instant asOf = production.latestRestorableTime() != null ? production.latestRestorableTime() : clock.instant();
        return found(run, new Snapshot("clone of " + production.dbClusterIdentifier(), production.dbClusterIdentifier(), asOf));
    }

    private Snapshot found(RunNotes run, Snapshot snapshot) {
        LOG.info("run {}: starting from {} of {} ({})", run.id(), snapshot.id(), settings.sourceInstance(), snapshot.createdAt());
        return snapshot;
    }
}
