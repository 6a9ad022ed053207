package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.rds.component.Aws2RdsException;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

import java.time.Instant;
import java.util.Optional;

/**
 * Step drop of the rds and aurora sources (bean {@code drop}), whatever became of the run: the
 * copy deleted without a final snapshot (for aurora the writer, then the cluster once it has no
 * instance); what cannot be deleted is said in the mail with the command that deletes it.
 */
public class CopyDrop {

    private static final Logger LOG = LoggerFactory.getLogger(CopyDrop.class);

    private final RdsSettings settings;
    private final OwnerGuard guard;
    private final WaitLimits limits;

    CopyDrop(RdsSettings settings, OwnerGuard guard, WaitLimits limits) {
        this.settings = settings;
        this.guard = guard;
        this.limits = limits;
    }

    /** The request that deletes the copy; null (and recorded) when it is being deleted already. */
    public DeleteDbInstanceRequest deleteCopy(@Body DescribeDbInstancesResponse response,
                                             @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBInstance instance = response.dbInstances().get(0);
        if ("deleting".equals(instance.dbInstanceStatus())) {
            run.cleanedUp("RDS instance " + instance.dbInstanceIdentifier() + " is already being deleted");
            return null;
        }
        return guard.deleteInstance(instance);
    }

    public void deleted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        run.cleanedUp("RDS instance " + copy.name() + " deleted (no final snapshot)");
    }

    /**
     * The describe or the delete failed: the instance was never created (false), or it keeps running
     * and ops must delete it (true).
     */
    public boolean deleteFailed(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                                @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        String id = copy.name();
        if (cause instanceof Aws2RdsException rds && "DBInstanceNotFound".equals(rds.errorCode())) {
            run.cleanedUp("RDS instance " + id + " was not created, nothing to delete");
            return false;
        }
        run.cleanupFailed("RDS instance " + id + " could not be deleted and keeps running (" + cause.getMessage()
                + "); delete it: aws rds delete-db-instance --db-instance-identifier " + id
                + " --skip-final-snapshot (the next run also tries)");
        return true;
    }

    /** The run's cluster; null when the run restored nothing, or keeps it. */
    public DescribeDbClustersRequest describeRunCluster(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                                                        @Variable("copyKept") String kept) {
        return copy == null || kept != null ? null
                : DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.clusterId(run.id())).build();
    }

    /**
     * The run's cluster once it has no instance left and can go; null while it has (asked again).
     * Empty when the run is to stop: the cluster is left to the next run's sweep rather than holding
     * up the stop for the minutes AWS takes to delete an instance. Past the deadline, a failure the
     * mail reports.
     */
    public Optional<DBCluster> clusterEmpty(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                            @Variable("readyBy") Instant deadline, @Variable("writerLeft") Boolean writerLeft) {
        DBCluster cluster = response.dbClusters().get(0);
        if (cluster.dbClusterMembers().isEmpty()) {
            return Optional.of(cluster);
        }
        if (limits.stopping()) {
            run.cleanedUp("Aurora cluster " + cluster.dbClusterIdentifier() + ": its instance is being deleted; snapmask stopped"
                    + " before it was gone, so the next run deletes the cluster");
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(writerLeft)) {
            // the writer's delete was refused: waiting for it to go would only hold the run for the whole timeout
            throw new SourceException("Aurora cluster " + cluster.dbClusterIdentifier() + " keeps instance(s) "
                    + cluster.dbClusterMembers().stream().map(DBClusterMember::dbInstanceIdentifier).toList()
                    + " that could not be deleted", null);
        }
        if (limits.now().isAfter(deadline)) {
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
    public DeleteDbClusterRequest runClusterDelete(@Body Optional<DBCluster> emptied, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        if (emptied.isEmpty()) {
            return null;
        }
        DBCluster cluster = emptied.get();
        if ("deleting".equals(cluster.status())) {
            run.cleanedUp("Aurora cluster " + cluster.dbClusterIdentifier() + " is already being deleted");
            return null;
        }
        return guard.deleteCluster(cluster);
    }

    public void clusterDeleted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        run.cleanedUp("Aurora cluster " + settings.clusterId(run.id()) + " deleted (no final snapshot)");
    }

    /** The cluster was never created, or it keeps running and ops must delete it. */
    public void clusterDeleteFailed(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) {
        String id = settings.clusterId(run.id());
        if (cause instanceof Aws2RdsException rds && "DBClusterNotFoundFault".equals(rds.errorCode())) {
            run.cleanedUp("Aurora cluster " + id + " was not created, nothing to delete");
            return;
        }
        run.cleanupFailed("Aurora cluster " + id + " could not be deleted and keeps running (" + cause.getMessage()
                + "); delete its instances, then it: aws rds delete-db-instance --db-instance-identifier " + settings.writerId(run.id())
                + " --skip-final-snapshot; aws rds delete-db-cluster --db-cluster-identifier " + id
                + " --skip-final-snapshot (the next run also tries)");
    }
}
