package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

import java.time.Instant;
import java.util.List;

/**
 * The renames of step promote (snapmask.output=promote; bean {@code renames}): the live analytics
 * instance or cluster (snapmask.promote.instance) tagged as retired and renamed aside to
 * {@code <name>-old-<run id>}, the masked copy renamed to its name; when that fails, the retired one
 * gets its name back. What the copy holds before it is renamed is {@link CopyPromotion}'s.
 */
public class PromotionRenames {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionRenames.class);

    private final RdsSettings settings;
    private final OwnerGuard guard;
    private final WaitLimits limits;

    PromotionRenames(RdsSettings settings, OwnerGuard guard, WaitLimits limits) {
        this.settings = settings;
        this.guard = guard;
        this.limits = limits;
    }

    private String analytics() {
        return settings.promoteInstance().orElseThrow();
    }

    public DescribeDbInstancesRequest describeAnalytics() {
        return DescribeDbInstancesRequest.builder().dbInstanceIdentifier(analytics()).build();
    }

    /** Tags the live analytics instance before it is renamed aside, so that a later sweep deletes it after the grace, and nothing else. */
    public AddTagsToResourceRequest retireTags(@Body DescribeDbInstancesResponse live, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBInstance instance = live.dbInstances().get(0);
        if (!"available".equals(instance.dbInstanceStatus())) {
            throw new SourceException("the analytics instance " + instance.dbInstanceIdentifier() + " is " + instance.dbInstanceStatus()
                    + ", not available: nothing was renamed, try again when it is", null);
        }
        return AddTagsToResourceRequest.builder().resourceName(instance.dbInstanceArn()).tags(guard.retiredTags(run.id())).build();
    }

    public ModifyDbInstanceRequest retireRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the analytics instance {} aside to {}", run.id(), analytics(), settings.retiredId(run.id()));
        return renameInstance(analytics(), settings.retiredId(run.id()));
    }

    public DescribeDbInstancesRequest describeRetired(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbInstancesRequest.builder().dbInstanceIdentifier(settings.retiredId(run.id())).build();
    }

    public ModifyDbInstanceRequest promoteRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        LOG.info("run {}: renaming the masked copy {} to {}", run.id(), copy.name(), analytics());
        return renameInstance(copy.name(), analytics());
    }

    /**
     * The copy has the analytics instance's name: it is no longer temporary; the answer (variable
     * copyKept) says why the drop leaves it.
     */
    public String promoted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        run.cleanedUp("RDS instance " + copy.name() + " promoted: it is now the analytics instance " + analytics()
                + "; the previous one is " + settings.retiredId(run.id()) + ", kept " + settings.promoteGrace().toMinutes()
                + " min (snapmask.promote.grace) as the way back, then deleted by a later run");
        return "promoted to " + analytics();
    }

    /** The renamed instance once it is available under its new name; null while it is renaming or rebooting. */
    public DBInstance renamed(@Body DescribeDbInstancesResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                              @Variable("readyBy") Instant readyBy) {
        DBInstance instance = response.dbInstances().get(0);
        LOG.info("run {}: {} is {}", run.id(), instance.dbInstanceIdentifier(), instance.dbInstanceStatus());
        if ("available".equals(instance.dbInstanceStatus())) {
            return instance;
        }
        limits.requireWaiting(run, instance.dbInstanceIdentifier(), readyBy, "is " + instance.dbInstanceStatus());
        return null;
    }

    /**
     * A failed promotion: the analytics instance renamed aside (and the copy not renamed) gets its
     * name back; null when nothing was renamed, or the copy has the name already.
     */
    public ModifyDbInstanceRequest rollbackRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                   @Variable("retiredAside") Boolean retiredAside, @Variable("copyKept") String kept) {
        if (!Boolean.TRUE.equals(retiredAside) || kept != null) {
            return null;
        }
        LOG.warn("run {}: the promotion failed; {} gets its name back", run.id(), settings.retiredId(run.id()));
        run.cleanedUp("the analytics instance renamed aside to " + settings.retiredId(run.id()) + " was renamed back to "
                + analytics() + " (it reboots once more); analytics serves yesterday's data");
        return renameInstance(settings.retiredId(run.id()), analytics());
    }

    /** The promotion's failure stays the run's cause after the rollback. */
    public void failPromotion(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) throws Exception {
        throw cause;
    }

    public DescribeDbClustersRequest describeAnalyticsCluster() {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(analytics()).build();
    }

    /** Tags the live analytics cluster before it is renamed aside, so that a later sweep deletes it after the grace, and nothing else. */
    public AddTagsToResourceRequest retireClusterTags(@Body DescribeDbClustersResponse live, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBCluster cluster = live.dbClusters().get(0);
        if (!"available".equals(cluster.status())) {
            throw new SourceException("the analytics cluster " + cluster.dbClusterIdentifier() + " is " + cluster.status()
                    + ", not available: nothing was renamed, try again when it is", null);
        }
        return AddTagsToResourceRequest.builder().resourceName(cluster.dbClusterArn()).tags(guard.retiredTags(run.id())).build();
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
                .resourceName(arnPrefix + m.dbInstanceIdentifier()).tags(guard.retiredTags(run.id())).build()).toList();
    }

    public ModifyDbClusterRequest retireClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the analytics cluster {} aside to {}", run.id(), analytics(), settings.retiredId(run.id()));
        return renameCluster(analytics(), settings.retiredId(run.id()));
    }

    public DescribeDbClustersRequest describeRetiredCluster(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbClustersRequest.builder().dbClusterIdentifier(settings.retiredId(run.id())).build();
    }

    public ModifyDbClusterRequest promoteClusterRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the masked cluster {} to {}", run.id(), settings.clusterId(run.id()), analytics());
        return renameCluster(settings.clusterId(run.id()), analytics());
    }

    /** As {@link #promoted}, for the run's cluster. */
    public String clusterPromoted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        run.cleanedUp("Aurora cluster " + settings.clusterId(run.id()) + " promoted: it is now the analytics cluster " + analytics()
                + " (its writer " + settings.writerId(run.id()) + " keeps its name); the previous one is " + settings.retiredId(run.id())
                + ", kept " + settings.promoteGrace().toMinutes() + " min (snapmask.promote.grace) as the way back, then deleted by a"
                + " later run");
        return "promoted to " + analytics();
    }

    /** The renamed cluster once it is available under its new name; null while it is renaming. */
    public DBCluster clusterRenamed(@Body DescribeDbClustersResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                    @Variable("readyBy") Instant readyBy) {
        DBCluster cluster = response.dbClusters().get(0);
        LOG.info("run {}: {} is {}", run.id(), cluster.dbClusterIdentifier(), cluster.status());
        if ("available".equals(cluster.status())) {
            return cluster;
        }
        limits.requireWaiting(run, cluster.dbClusterIdentifier(), readyBy, "is " + cluster.status());
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
                + analytics() + "; analytics serves yesterday's data");
        return renameCluster(settings.retiredId(run.id()), analytics());
    }

    private static ModifyDbInstanceRequest renameInstance(String from, String to) {
        return ModifyDbInstanceRequest.builder().dbInstanceIdentifier(from).newDBInstanceIdentifier(to).applyImmediately(true).build();
    }

    private static ModifyDbClusterRequest renameCluster(String from, String to) {
        return ModifyDbClusterRequest.builder().dbClusterIdentifier(from).newDBClusterIdentifier(to).applyImmediately(true).build();
    }
}
