package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;

import java.util.List;

/**
 * Step sweep-leftovers of the rds and aurora sources (bean {@code sweep}): snapmask's instances and
 * clusters of earlier runs, and analytics ones renamed aside past their grace, are deleted; nothing
 * else is touched ({@link OwnerGuard}).
 */
public class RdsSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RdsSweep.class);

    private final RdsSettings settings;
    private final OwnerGuard guard;

    RdsSweep(RdsSettings settings, OwnerGuard guard) {
        this.settings = settings;
        this.guard = guard;
    }

    public DescribeDbInstancesRequest everyInstance() {
        return DescribeDbInstancesRequest.builder().build();
    }

    /** snapmask's instances of earlier runs, not being deleted yet. */
    public List<DBInstance> leftovers(@Body DescribeDbInstancesResponse all, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return all.dbInstances().stream().filter(i -> guard.mayTouch(i.dbInstanceIdentifier(), i.tagList()))
                .filter(i -> !i.dbInstanceIdentifier().equals(settings.instanceId(run.id())))
                .filter(i -> !"deleting".equals(i.dbInstanceStatus())).toList();
    }

    public DeleteDbInstanceRequest delete(@Body DBInstance instance) {
        return guard.deleteInstance(instance);
    }

    public void swept(@Variable("leftover") DBInstance instance, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String from = OwnerGuard.runOf(instance.tagList());
        run.cleanedUp("swept leftover RDS instance " + instance.dbInstanceIdentifier() + " (run " + from + ")");
        LOG.warn("run {}: swept leftover RDS instance {} of run {}", run.id(), instance.dbInstanceIdentifier(), from);
    }

    public DescribeDbClustersRequest everyCluster() {
        return DescribeDbClustersRequest.builder().build();
    }

    /** snapmask's clusters of earlier runs, not being deleted yet. */
    public List<DBCluster> leftoverClusters(@Body DescribeDbClustersResponse all, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return all.dbClusters().stream().filter(c -> guard.mayTouch(c.dbClusterIdentifier(), c.tagList()))
                .filter(c -> !c.dbClusterIdentifier().equals(settings.clusterId(run.id())))
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
        return guard.deleteCluster(cluster);
    }

    public void sweptCluster(@Variable("leftover") DBCluster cluster, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        run.cleanedUp("swept leftover Aurora cluster " + cluster.dbClusterIdentifier() + " (run " + OwnerGuard.runOf(cluster.tagList()) + ")");
    }
}
