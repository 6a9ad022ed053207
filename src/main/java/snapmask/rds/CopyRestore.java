package snapmask.rds;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * Step restore of the rds and aurora sources (bean {@code restore}): the snapshot restored into a
 * temporary instance {@code <prefix>-<run id>}, or into a cluster of that name (or a copy-on-write
 * clone of production) with one writer instance {@code <prefix>-<run id>-writer}; all tagged as
 * snapmask's, never public, without backups or deletion protection.
 */
public class CopyRestore {

    static final String AURORA_ENGINE = "aurora-mysql";
    private static final Logger LOG = LoggerFactory.getLogger(CopyRestore.class);

    private final RdsSettings settings;
    private final OwnerGuard guard;

    CopyRestore(RdsSettings settings, OwnerGuard guard) {
        this.settings = settings;
        this.guard = guard;
    }

    /**
     * The temporary instance this run makes, named before the restore call (variable copy): if the
     * call times out after AWS created the instance, the drop still finds it.
     */
    public RestoredCopy instanceToMake(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return new RestoredCopy(settings.instanceId(run.id()), null, settings.database());
    }

    /** For aurora, the run's writer instance (its cluster named after it), named before the cluster's restore or clone call. */
    public RestoredCopy writerToMake(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return new RestoredCopy(settings.writerId(run.id()), null, settings.database());
    }

    public RestoreDbInstanceFromDbSnapshotRequest restoreRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                                 @Variable("snapshot") Snapshot snapshot) {
        String id = settings.instanceId(run.id());
        RestoreDbInstanceFromDbSnapshotRequest.Builder request = RestoreDbInstanceFromDbSnapshotRequest.builder()
                .dbInstanceIdentifier(id)
                .dbSnapshotIdentifier(snapshot.id())
                .dbInstanceClass(settings.instanceClass())
                .multiAZ(false)
                .publiclyAccessible(false)
                .deletionProtection(false)
                .copyTagsToSnapshot(false)
                // no automated backups of a copy that lives an hour: and without them no binary log, so the masking writes less
                .backupRetentionPeriod(0)
                .tags(guard.runTags(run.id()));
        settings.subnetGroup().ifPresent(request::dbSubnetGroupName);
        settings.parameterGroup().ifPresent(request::dbParameterGroupName);
        settings.availabilityZone().ifPresent(request::availabilityZone);
        settings.storageType().ifPresent(request::storageType);
        settings.iops().ifPresent(request::iops);
        settings.storageThroughput().ifPresent(request::storageThroughput);
        if (!settings.securityGroups().isEmpty()) {
            request.vpcSecurityGroupIds(settings.securityGroups());
        }
        LOG.info("run {}: restoring snapshot {} into RDS instance {} ({})", run.id(), snapshot.id(), id,
                settings.instanceClass());
        return request.build();
    }

    public RestoreDbClusterFromSnapshotRequest restoreClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                                     @Variable("snapshot") Snapshot snapshot) {
        String id = settings.clusterId(run.id());
        RestoreDbClusterFromSnapshotRequest.Builder request = RestoreDbClusterFromSnapshotRequest.builder()
                .dbClusterIdentifier(id).snapshotIdentifier(snapshot.id()).engine(AURORA_ENGINE)
                .deletionProtection(false).copyTagsToSnapshot(false).tags(guard.runTags(run.id()));
        placement(request::dbSubnetGroupName, request::dbClusterParameterGroupName, request::vpcSecurityGroupIds);
        LOG.info("run {}: restoring cluster snapshot {} into Aurora cluster {}", run.id(), snapshot.id(), id);
        return request.build();
    }

    /** Aurora's copy-on-write clone of the production cluster: minutes, whatever its size, and no snapshot. */
    public RestoreDbClusterToPointInTimeRequest cloneRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String id = settings.clusterId(run.id());
        RestoreDbClusterToPointInTimeRequest.Builder request = RestoreDbClusterToPointInTimeRequest.builder()
                .dbClusterIdentifier(id).sourceDBClusterIdentifier(settings.sourceInstance())
                .restoreType("copy-on-write").useLatestRestorableTime(true)
                .deletionProtection(false).copyTagsToSnapshot(false).tags(guard.runTags(run.id()));
        placement(request::dbSubnetGroupName, request::dbClusterParameterGroupName, request::vpcSecurityGroupIds);
        LOG.info("run {}: cloning Aurora cluster {} into {}", run.id(), settings.sourceInstance(), id);
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

    /** A restored or cloned cluster has no instance: one writer of snapmask.aurora.instance-class, never public. */
    public CreateDbInstanceRequest writerRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String writer = settings.writerId(run.id());
        CreateDbInstanceRequest.Builder request = CreateDbInstanceRequest.builder().dbInstanceIdentifier(writer)
                .dbClusterIdentifier(settings.clusterId(run.id())).dbInstanceClass(settings.instanceClass()).engine(AURORA_ENGINE)
                .publiclyAccessible(false).tags(guard.runTags(run.id()));
        settings.availabilityZone().ifPresent(request::availabilityZone);
        settings.parameterGroup().ifPresent(request::dbParameterGroupName);
        LOG.info("run {}: adding writer instance {} ({}) to Aurora cluster {}", run.id(), writer, settings.instanceClass(),
                settings.clusterId(run.id()));
        return request.build();
    }
}
