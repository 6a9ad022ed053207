package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import snapmask.rds.component.Aws2RdsException;
import snapmask.step.RunNotes;
import snapmask.step.StopRequest;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.source.SourceException;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code aurora} source's bean, for routes/source-aurora.camel.yaml. The production cluster
 * (snapmask.aurora.cluster) is only ever described, and cloned with method {@code clone}; its
 * newest cluster snapshot (method {@code snapshot}) or a copy-on-write clone of it becomes the
 * run's cluster {@code <prefix>-<run id>}, with one writer instance {@code <prefix>-<run id>-writer}
 * (a restored cluster has none). Both are tagged as snapmask's; the master password is reset on
 * the cluster; the drop deletes the instance, waits until the cluster has none, then deletes it.
 * The waiting and the reached server are the rds source's: the run's copy is the writer instance.
 */
public class AuroraSource extends RdsSource {

    private static final Logger LOG = LoggerFactory.getLogger(AuroraSource.class);
    static final String ENGINE = "aurora-mysql";

    public AuroraSource(RdsSettings settings, StopRequest stop, java.time.Clock clock) {
        super(settings, stop, clock);
    }

    private String clusterId(RunNotes run) {
        return settings.instanceId(run.id());
    }

    private String writerId(RunNotes run) {
        return clusterId(run) + "-writer";
    }

    private List<Tag> tags(RunNotes run) {
        return guard.runTags(run.id());
    }

    // --- sweep-leftovers ----------------------------------------------------------------------

    public DescribeDbClustersRequest everyCluster() {
        return DescribeDbClustersRequest.builder().build();
    }

    /** snapmask's clusters of earlier runs, not being deleted yet. */
    public List<DBCluster> leftoverClusters(@Body DescribeDbClustersResponse all, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return all.dbClusters().stream().filter(c -> guard.mayTouch(c.dbClusterIdentifier(), c.tagList()))
                .filter(c -> !c.dbClusterIdentifier().equals(clusterId(run)))
                .filter(c -> !"deleting".equals(c.status())).toList();
    }

    /** An instance of a leftover cluster that AWS would not delete now (being deleted already, say): the next sweep tries again. */
    public void memberNotDeleted(@Variable("leftover") DBCluster cluster, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                                 @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: an instance of leftover Aurora cluster {} was not deleted now ({}); the next run tries again", run.id(),
                cluster.dbClusterIdentifier(), cause.getMessage());
    }

    /** A leftover cluster's instances go first: AWS refuses to delete a cluster that still has any. */
    public List<DeleteDbInstanceRequest> memberDeletes(@Variable("leftover") DBCluster cluster) {
        return cluster.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier)
                .map(id -> DeleteDbInstanceRequest.builder().dbInstanceIdentifier(id).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true).build()).toList();
    }

    /** The leftover cluster's delete, once it has no instance; null while its instances are still there (the next sweep). */
    public DeleteDbClusterRequest leftoverDelete(@Variable("leftover") DBCluster cluster, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String from = OwnerGuard.runOf(cluster.tagList());
        if (!cluster.dbClusterMembers().isEmpty()) {
            run.cleanedUp("swept the instances of leftover Aurora cluster " + cluster.dbClusterIdentifier() + " (run " + from
                    + "); the cluster itself goes at the next run");
            LOG.warn("run {}: deleting the instances of leftover Aurora cluster {} of run {}", run.id(), cluster.dbClusterIdentifier(), from);
            return null;
        }
        LOG.warn("run {}: deleting leftover Aurora cluster {} of run {}", run.id(), cluster.dbClusterIdentifier(), from);
        return deleteCluster(cluster);
    }

    public void sweptCluster(@Variable("leftover") DBCluster cluster, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        run.cleanedUp("swept leftover Aurora cluster " + cluster.dbClusterIdentifier() + " (run " + OwnerGuard.runOf(cluster.tagList()) + ")");
    }

    // --- find-snapshot ------------------------------------------------------------------------

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
        return recorded(run, new Snapshot(newest.dbClusterSnapshotIdentifier(), settings.sourceInstance(), newest.snapshotCreateTime()));
    }

    public DescribeDbClustersRequest productionCluster() {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.sourceInstance()).build();
    }

    /** What a clone starts from: the production cluster as of its latest restorable time. */
    public Snapshot cloneOf(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBCluster production = response.dbClusters().get(0);
        Instant asOf = production.latestRestorableTime() != null ? production.latestRestorableTime() : clock.instant();
        return recorded(run, new Snapshot("clone of " + production.dbClusterIdentifier(), production.dbClusterIdentifier(), asOf));
    }

    private Snapshot recorded(RunNotes run, Snapshot snapshot) {
        LOG.info("run {}: starting from {} of Aurora cluster {} ({})", run.id(), snapshot.id(), settings.sourceInstance(),
                snapshot.createdAt());
        return snapshot;
    }

    // --- restore ------------------------------------------------------------------------------

    public RestoreDbClusterFromSnapshotRequest restoreClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                                     @Variable("snapshot") Snapshot snapshot) {
        RestoreDbClusterFromSnapshotRequest.Builder request = RestoreDbClusterFromSnapshotRequest.builder()
                .dbClusterIdentifier(clusterId(run)).snapshotIdentifier(snapshot.id()).engine(ENGINE)
                .deletionProtection(false).copyTagsToSnapshot(false).tags(tags(run));
        placement(request::dbSubnetGroupName, request::dbClusterParameterGroupName, request::vpcSecurityGroupIds);
        LOG.info("run {}: restoring cluster snapshot {} into Aurora cluster {}", run.id(), snapshot.id(), clusterId(run));
        return request.build();
    }

    /** Aurora's copy-on-write clone of the production cluster: minutes, whatever its size, and no snapshot. */
    public RestoreDbClusterToPointInTimeRequest cloneRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        RestoreDbClusterToPointInTimeRequest.Builder request = RestoreDbClusterToPointInTimeRequest.builder()
                .dbClusterIdentifier(clusterId(run)).sourceDBClusterIdentifier(settings.sourceInstance())
                .restoreType("copy-on-write").useLatestRestorableTime(true)
                .deletionProtection(false).copyTagsToSnapshot(false).tags(tags(run));
        placement(request::dbSubnetGroupName, request::dbClusterParameterGroupName, request::vpcSecurityGroupIds);
        LOG.info("run {}: cloning Aurora cluster {} into {}", run.id(), settings.sourceInstance(), clusterId(run));
        return request.build();
    }

    /** Where the run's cluster goes (both restore requests take the same settings, through builders of unrelated types). */
    private void placement(Consumer<String> subnetGroup, Consumer<String> clusterParameterGroup,
                           Consumer<Collection<String>> securityGroups) {
        settings.subnetGroup().ifPresent(subnetGroup);
        settings.clusterParameterGroup().ifPresent(clusterParameterGroup);
        if (!settings.securityGroups().isEmpty()) {
            securityGroups.accept(settings.securityGroups());
        }
    }

    /**
     * The run's writer instance (its cluster named after it), named before the cluster's restore or
     * clone call: if the call times out after AWS made the cluster, the drop still removes it.
     */
    @Override
    public RestoredCopy copyToMake(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return new RestoredCopy(writerId(run), null, settings.database());
    }

    /** A restored or cloned cluster has no instance: one writer of snapmask.aurora.instance-class, never public. */
    public CreateDbInstanceRequest writerRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        CreateDbInstanceRequest.Builder request = CreateDbInstanceRequest.builder().dbInstanceIdentifier(writerId(run))
                .dbClusterIdentifier(clusterId(run)).dbInstanceClass(settings.instanceClass()).engine(ENGINE)
                .publiclyAccessible(false).tags(tags(run));
        settings.availabilityZone().ifPresent(request::availabilityZone);
        settings.parameterGroup().ifPresent(request::dbParameterGroupName);
        LOG.info("run {}: adding writer instance {} ({}) to Aurora cluster {}", run.id(), writerId(run), settings.instanceClass(),
                clusterId(run));
        return request.build();
    }

    // --- await-ready --------------------------------------------------------------------------

    /** The master password is the cluster's: reset there to the run's new one. */
    public ModifyDbClusterRequest clusterPasswordReset(@Body DBInstance writer, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                       @Variable("copyPassword") CopyPassword password) {
        LOG.info("run {}: resetting the master password of Aurora cluster {} to a new random one", run.id(), clusterId(run));
        return ModifyDbClusterRequest.builder().dbClusterIdentifier(writer.dbClusterIdentifier()).masterUserPassword(password.value())
                .applyImmediately(true).build();
    }

    // --- drop (after the writer instance's delete) --------------------------------------------

    /** The run's cluster; null when the run restored nothing. */
    public DescribeDbClustersRequest describeRunCluster(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                                                        @Variable("copyKept") String kept) {
        return copy == null || kept != null ? null : DescribeDbClustersRequest.builder().dbClusterIdentifier(clusterId(run)).build();
    }

    /**
     * The run's cluster once it has no instance left and can go; null while it has (asked again).
     * Empty when snapmask is stopping: the cluster is left to the next run's sweep rather than holding
     * up the stop for the minutes AWS takes to delete an instance. Past the deadline, a failure the
     * mail reports.
     */
    public java.util.Optional<DBCluster> clusterEmpty(@Body DescribeDbClustersResponse response,
                                                       @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                @Variable("readyBy") Instant deadline, @Variable("writerLeft") Boolean writerLeft) {
        DBCluster cluster = response.dbClusters().get(0);
        if (cluster.dbClusterMembers().isEmpty()) {
            return java.util.Optional.of(cluster);
        }
        if (stop.reason().isPresent()) {
            run.cleanedUp("Aurora cluster " + cluster.dbClusterIdentifier() + ": its instance is being deleted; snapmask stopped"
                    + " before it was gone, so the next run deletes the cluster");
            return java.util.Optional.empty();
        }
        if (Boolean.TRUE.equals(writerLeft)) {
            // the writer's delete was refused: waiting for it to go would only hold the run for the whole timeout
            throw new SourceException("Aurora cluster " + cluster.dbClusterIdentifier() + " keeps instance(s) "
                    + cluster.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier).toList()
                    + " that could not be deleted", null);
        }
        if (clock.instant().isAfter(deadline)) {
            throw new SourceException("Aurora cluster " + cluster.dbClusterIdentifier() + " still has instance(s) "
                    + cluster.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier).toList() + " after "
                    + settings.readyTimeout().toSeconds() + " s (snapmask.rds.ready-timeout-s)", null);
        }
        LOG.info("run {}: waiting for the instances of Aurora cluster {} to be deleted", run.id(), cluster.dbClusterIdentifier());
        return null;
    }

    /**
     * The run's emptied cluster's delete, without a final snapshot; null when the cluster is left to
     * the next run, and (recorded) when it is being deleted already.
     */
    public DeleteDbClusterRequest runClusterDelete(@Body java.util.Optional<DBCluster> emptied,
                                                   @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        if (emptied.isEmpty()) {
            return null;
        }
        DBCluster cluster = emptied.get();
        if ("deleting".equals(cluster.status())) {
            run.cleanedUp("Aurora cluster " + cluster.dbClusterIdentifier() + " is already being deleted");
            return null;
        }
        return deleteCluster(cluster);
    }

    private DeleteDbClusterRequest deleteCluster(DBCluster cluster) {
        guard.require("Aurora cluster", cluster.dbClusterIdentifier(), cluster.tagList());
        LOG.info("deleting Aurora cluster {} (skip final snapshot)", cluster.dbClusterIdentifier());
        return DeleteDbClusterRequest.builder().dbClusterIdentifier(cluster.dbClusterIdentifier()).skipFinalSnapshot(true).build();
    }

    public void clusterDeleted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        run.cleanedUp("Aurora cluster " + clusterId(run) + " deleted (no final snapshot)");
    }

    /** The cluster was never created, or it keeps running and ops must delete it. */
    public void clusterDeleteFailed(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        String id = clusterId(run);
        if (cause instanceof Aws2RdsException rds && "DBClusterNotFoundFault".equals(rds.errorCode())) {
            run.cleanedUp("Aurora cluster " + id + " was not created, nothing to delete");
            return;
        }
        run.cleanupFailed("Aurora cluster " + id + " could not be deleted and keeps running (" + cause.getMessage()
                + "); delete its instances, then it: aws rds delete-db-instance --db-instance-identifier " + writerId(run)
                + " --skip-final-snapshot; aws rds delete-db-cluster --db-cluster-identifier " + id
                + " --skip-final-snapshot (the next run also tries)");
    }

    // --- publish-snapshot (snapmask.output contains snapshot): a cluster snapshot ----------------

    /**
     * Whether the run's cluster is available, which a cluster snapshot needs: the cluster goes on
     * resetting the master password a while after its writer takes it. Null while it is not.
     */
    public Boolean clusterAvailable(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @Variable("snapshotBy") Instant by) {
        String status = response.dbClusters().get(0).status();
        LOG.info("run {}: Aurora cluster {} is {}", run.id(), clusterId(run), status);
        if ("available".equals(status)) {
            return true;
        }
        if (clock.instant().isAfter(by)) {
            throw new SourceException("Aurora cluster " + clusterId(run) + " was not available for its snapshot within "
                    + settings.snapshotTimeout().toSeconds() + " s (snapmask.snapshot.timeout-s); it is " + status, null);
        }
        giveUpIfStopping(run, clusterId(run));
        return null;
    }

    public CreateDbClusterSnapshotRequest clusterSnapshotRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: snapshotting the sanitized cluster {} as {}", run.id(), clusterId(run), settings.snapshotId(run.id()));
        return CreateDbClusterSnapshotRequest.builder().dbClusterIdentifier(clusterId(run))
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

    // --- promote (snapmask.output = promote): the clusters change names ------------------------

    public DescribeDbClustersRequest describeAnalyticsCluster() {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.promoteInstance().orElseThrow()).build();
    }

    /** Tags the live analytics cluster before it is renamed aside, so that a later sweep deletes it after the grace, and nothing else. */
    public AddTagsToResourceRequest retireClusterTags(@Body DescribeDbClustersResponse live, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBCluster cluster = live.dbClusters().get(0);
        if (!"available".equals(cluster.status())) {
            throw new SourceException("the analytics cluster " + cluster.dbClusterIdentifier() + " is " + cluster.status()
                    + ", not available: nothing was renamed, try again when it is", null);
        }
        return AddTagsToResourceRequest.builder().resourceName(cluster.dbClusterArn())
                .tags(guard.retiredTags(run.id())).build();
    }

    /**
     * Its instances keep their own names when the cluster is renamed aside; tagged the same way, they
     * are what docs/iam-policy.json lets the sweep delete before it deletes the cluster.
     */
    public List<AddTagsToResourceRequest> retireMemberTags(@Variable("analytics") DescribeDbClustersResponse live,
                                                           @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBCluster cluster = live.dbClusters().get(0);
        String arnPrefix = cluster.dbClusterArn().substring(0, cluster.dbClusterArn().lastIndexOf(":cluster:")) + ":db:";
        return cluster.dbClusterMembers().stream().map(m -> AddTagsToResourceRequest.builder()
                .resourceName(arnPrefix + m.dbInstanceIdentifier())
                .tags(guard.retiredTags(run.id())).build()).toList();
    }

    public ModifyDbClusterRequest retireClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the analytics cluster {} aside to {}", run.id(), settings.promoteInstance().orElseThrow(),
                settings.retiredId(run.id()));
        return rename(settings.promoteInstance().orElseThrow(), settings.retiredId(run.id()));
    }

    public DescribeDbClustersRequest describeRetiredCluster(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.retiredId(run.id())).build();
    }

    public ModifyDbClusterRequest promoteClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the masked cluster {} to {}", run.id(), clusterId(run), settings.promoteInstance().orElseThrow());
        return rename(clusterId(run), settings.promoteInstance().orElseThrow());
    }

    @Override
    public String promoted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        String name = settings.promoteInstance().orElseThrow();
        run.cleanedUp("Aurora cluster " + clusterId(run) + " promoted: it is now the analytics cluster " + name + " (its writer "
                + writerId(run) + " keeps its name); the previous one is " + settings.retiredId(run.id()) + ", kept "
                + settings.promoteGrace().toMinutes() + " min (snapmask.promote.grace) as the way back, then deleted by a later run");
        return "promoted to " + name;
    }

    public DescribeDbClustersRequest describePromotedCluster() {
        return describeAnalyticsCluster();
    }

    /** The renamed cluster once it is available under its new name; null while it is renaming. */
    public DBCluster clusterRenamed(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @Variable("readyBy") Instant readyBy) {
        DBCluster cluster = response.dbClusters().get(0);
        LOG.info("run {}: {} is {}", run.id(), cluster.dbClusterIdentifier(), cluster.status());
        if ("available".equals(cluster.status())) {
            return cluster;
        }
        requireWaiting(run, cluster.dbClusterIdentifier(), readyBy, "is " + cluster.status());
        return null;
    }

    /** A failed promotion: the analytics cluster renamed aside (and the copy not renamed) gets its name back. */
    public ModifyDbClusterRequest clusterRollbackRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                         @Variable("retiredAside") Boolean retiredAside, @Variable("copyKept") String kept) {
        if (!Boolean.TRUE.equals(retiredAside) || kept != null) {
            return null;
        }
        LOG.warn("run {}: the promotion failed; {} gets its name back", run.id(), settings.retiredId(run.id()));
        run.cleanedUp("the analytics cluster renamed aside to " + settings.retiredId(run.id()) + " was renamed back to "
                + settings.promoteInstance().orElseThrow() + "; analytics serves yesterday's data");
        return rename(settings.retiredId(run.id()), settings.promoteInstance().orElseThrow());
    }

    private static ModifyDbClusterRequest rename(String from, String to) {
        return ModifyDbClusterRequest.builder().dbClusterIdentifier(from).newDBClusterIdentifier(to).applyImmediately(true).build();
    }

    @Override
    public String toString() {
        return "Aurora cluster " + settings.sourceInstance() + " in " + settings.region();
    }
}
