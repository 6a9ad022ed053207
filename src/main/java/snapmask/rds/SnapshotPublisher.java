package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Step publish-snapshot (snapmask.output contains snapshot; bean {@code publisher}): the scrubbed
 * copy (instance or cluster) snapshotted as {@code <prefix>-sanitized-<run id>}, tagged as
 * snapmask's sanitized one, shared with snapmask.snapshot.share-with; snapmask's sanitized
 * snapshots beyond the newest snapmask.snapshot.keep deleted. No other snapshot is ever touched.
 */
public class SnapshotPublisher {

    public static final String TAG_SANITIZED = "snapmask:sanitized";
    public static final String TAG_SOURCE = "snapmask:source";
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

    private final RdsSettings settings;
    private final OwnerGuard guard;
    private final WaitLimits limits;

    SnapshotPublisher(RdsSettings settings, OwnerGuard guard, WaitLimits limits) {
        this.settings = settings;
        this.guard = guard;
        this.limits = limits;
    }

    /** When the wait for the snapshot gives up: snapmask.snapshot.timeout-s from now. */
    public Instant snapshotBy() {
        return limits.snapshotBy();
    }

    /** The scrubbed copy's snapshot, tagged as snapmask's sanitized one (the prune finds it by tag and prefix). */
    public CreateDbSnapshotRequest snapshotRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        LOG.info("run {}: snapshotting the sanitized copy {} as {}", run.id(), copy.name(), settings.snapshotId(run.id()));
        return CreateDbSnapshotRequest.builder().dbInstanceIdentifier(copy.name()).dbSnapshotIdentifier(settings.snapshotId(run.id()))
                .tags(sanitizedTags(run)).build();
    }

    public DescribeDbSnapshotsRequest describeSanitized(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbSnapshotsRequest.builder().dbSnapshotIdentifier(settings.snapshotId(run.id())).build();
    }

    /** The snapshot once it is available, null while it is being made; failed, gone or late, a failure. */
    public DBSnapshot snapshotAvailable(@Body DescribeDbSnapshotsResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                        @Variable("snapshotBy") Instant by) {
        DBSnapshot snapshot = response.dbSnapshots().stream().findFirst().orElse(null);
        return available(snapshot == null ? null : snapshot.status(), snapshot == null ? null : snapshot.percentProgress(), run, by)
                ? snapshot : null;
    }

    /** The snapshot shared with snapmask.snapshot.share-with; nothing when it names no account. */
    public List<ModifyDbSnapshotAttributeRequest> shareRequests(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return settings.shareWith().isEmpty() ? List.of() : List.of(ModifyDbSnapshotAttributeRequest.builder()
                .dbSnapshotIdentifier(settings.snapshotId(run.id())).attributeName("restore").valuesToAdd(settings.shareWith()).build());
    }

    public DescribeDbSnapshotsRequest manualSnapshots() {
        return DescribeDbSnapshotsRequest.builder().snapshotType("manual").build();
    }

    /** snapmask's sanitized snapshots beyond the newest snapmask.snapshot.keep, to delete. */
    public List<DeleteDbSnapshotRequest> expired(@Body DescribeDbSnapshotsResponse all) {
        return expired(all.dbSnapshots().stream().map(s -> new Published(s.dbSnapshotIdentifier(), s.status(), s.snapshotCreateTime(),
                s.tagList()))).stream().map(id -> DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(id).build()).toList();
    }

    /**
     * Whether the run's cluster is available, which a cluster snapshot needs: the cluster goes on
     * resetting the master password a while after its writer takes it. Null while it is not.
     */
    public Boolean clusterAvailable(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @Variable("snapshotBy") Instant by) {
        String cluster = settings.clusterId(run.id());
        String status = response.dbClusters().get(0).status();
        LOG.info("run {}: Aurora cluster {} is {}", run.id(), cluster, status);
        if ("available".equals(status)) {
            return true;
        }
        if (limits.now().isAfter(by)) {
            throw new SourceException("Aurora cluster " + cluster + " was not available for its snapshot within "
                    + settings.snapshotTimeout().toSeconds() + " s (snapmask.snapshot.timeout-s); it is " + status, null);
        }
        limits.giveUpIfStopping(run, cluster);
        return null;
    }

    public CreateDbClusterSnapshotRequest clusterSnapshotRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String cluster = settings.clusterId(run.id());
        LOG.info("run {}: snapshotting the sanitized cluster {} as {}", run.id(), cluster, settings.snapshotId(run.id()));
        return CreateDbClusterSnapshotRequest.builder().dbClusterIdentifier(cluster)
                .dbClusterSnapshotIdentifier(settings.snapshotId(run.id())).tags(sanitizedTags(run)).build();
    }

    public DescribeDbClusterSnapshotsRequest describeSanitizedCluster(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbClusterSnapshotsRequest.builder().dbClusterSnapshotIdentifier(settings.snapshotId(run.id())).build();
    }

    public DBClusterSnapshot clusterSnapshotAvailable(@Body DescribeDbClusterSnapshotsResponse response,
                                                      @ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("snapshotBy") Instant by) {
        DBClusterSnapshot snapshot = response.dbClusterSnapshots().stream().findFirst().orElse(null);
        return available(snapshot == null ? null : snapshot.status(), snapshot == null ? null : snapshot.percentProgress(), run, by)
                ? snapshot : null;
    }

    public List<ModifyDbClusterSnapshotAttributeRequest> clusterShareRequests(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return settings.shareWith().isEmpty() ? List.of() : List.of(ModifyDbClusterSnapshotAttributeRequest.builder()
                .dbClusterSnapshotIdentifier(settings.snapshotId(run.id())).attributeName("restore").valuesToAdd(settings.shareWith())
                .build());
    }

    public DescribeDbClusterSnapshotsRequest manualClusterSnapshots() {
        return DescribeDbClusterSnapshotsRequest.builder().snapshotType("manual").build();
    }

    public List<DeleteDbClusterSnapshotRequest> expiredClusterSnapshots(@Body DescribeDbClusterSnapshotsResponse all) {
        return expired(all.dbClusterSnapshots().stream().map(s -> new Published(s.dbClusterSnapshotIdentifier(), s.status(),
                s.snapshotCreateTime(), s.tagList()))).stream()
                .map(id -> DeleteDbClusterSnapshotRequest.builder().dbClusterSnapshotIdentifier(id).build()).toList();
    }

    public void published(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("expired") List<?> expired) {
        String id = settings.snapshotId(run.id());
        List<String> deleted = expired.stream().map(r -> r instanceof DeleteDbSnapshotRequest d ? d.dbSnapshotIdentifier()
                : ((DeleteDbClusterSnapshotRequest) r).dbClusterSnapshotIdentifier()).toList();
        run.note("sanitized snapshot " + id + " published" + (settings.shareWith().isEmpty() ? "" : ", shared with "
                + settings.shareWith().size() + " account(s)") + (deleted.isEmpty() ? "" : "; older ones deleted: "
                + String.join(", ", deleted)));
        LOG.info("run {}: sanitized snapshot {} published; {} older one(s) deleted", run.id(), id, deleted.size());
    }

    private List<Tag> sanitizedTags(RunNotes run) {
        return Stream.concat(guard.runTags(run.id()).stream(), Stream.of(Tag.builder().key(TAG_SANITIZED).value("true").build(),
                Tag.builder().key(TAG_SOURCE).value(settings.sourceInstance()).build())).toList();
    }

    private boolean available(String status, Integer progress, RunNotes run, Instant by) {
        String id = settings.snapshotId(run.id());
        if (status == null) {
            throw new SourceException("the sanitized snapshot " + id + " disappeared while it was being made", null);
        }
        LOG.info("run {}: snapshot {} is {} ({}%)", run.id(), id, status, progress);
        if ("available".equals(status)) {
            return true;
        }
        if (!"creating".equals(status) && !"pending".equals(status)) {
            throw new SourceException("the sanitized snapshot " + id + " went to status '" + status + "'", null);
        }
        if (limits.now().isAfter(by)) {
            throw new SourceException("the sanitized snapshot " + id + " was not available within " + settings.snapshotTimeout().toSeconds()
                    + " s (snapmask.snapshot.timeout-s); it is " + status, null);
        }
        limits.giveUpIfStopping(run, "snapshot " + id);
        return false;
    }

    /** An instance or cluster snapshot, as the prune judges it. */
    private record Published(String id, String status, Instant created, List<Tag> tags) {
    }

    private List<String> expired(Stream<Published> all) {
        return all.filter(s -> s.id().startsWith(settings.instancePrefix() + "-sanitized-")
                        && s.tags().stream().anyMatch(t -> TAG_SANITIZED.equals(t.key()) && "true".equals(t.value()))
                        && s.tags().stream().anyMatch(t -> OwnerGuard.TAG_CREATED_BY.equals(t.key()) && t.value().startsWith("snapmask")))
                .sorted(Comparator.comparing(Published::created, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .skip(settings.keepSnapshots())
                .filter(s -> "available".equals(s.status()))
                .map(Published::id).toList();
    }
}
