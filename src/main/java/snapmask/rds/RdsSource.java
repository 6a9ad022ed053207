package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import snapmask.config.MySqlServer;
import snapmask.rds.component.Aws2RdsException;
import snapmask.step.RunAbortedException;
import snapmask.step.RunNotes;
import snapmask.step.StopRequest;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.source.SourceException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code rds} source's bean: what routes/source-rds.camel.yaml sends to RDS through the
 * {@code aws2-rds} endpoint and what it makes of the answers. The newest snapshot of the production
 * instance is restored into a temporary, tagged instance {@code <prefix>-<run id>}, whose master
 * password is reset to a random one so snapmask never needs production's. Nothing is modified or
 * deleted unless it carries snapmask's tag and prefix; production is only ever described.
 */
public class RdsSource {

    public static final String TAG_RUN_ID = OwnerGuard.TAG_RUN_ID;
    public static final String TAG_CREATED_BY = OwnerGuard.TAG_CREATED_BY;
    public static final String TAG_SANITIZED = "snapmask:sanitized";
    public static final String TAG_SOURCE = "snapmask:source";
    public static final String TAG_RETIRED_BY = OwnerGuard.TAG_RETIRED_BY;
    public static final String TAG_RETIRED_AT = OwnerGuard.TAG_RETIRED_AT;
    private static final Logger LOG = LoggerFactory.getLogger(RdsSource.class);
    private static final List<String> FAILED = List.of("failed", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "storage-full", "deleting");

    protected final RdsSettings settings;
    /** Asked at each turn of a wait: the run is to stop (snapmask stopping, or its routes stopped by ops). */
    protected final StopRequest stop;
    protected final java.time.Clock clock;
    /** What snapmask may touch on RDS: asked before any request that changes or deletes. */
    protected final OwnerGuard guard;

    public RdsSource(RdsSettings settings, StopRequest stop, java.time.Clock clock) {
        this.settings = settings;
        this.stop = stop;
        this.clock = clock;
        this.guard = new OwnerGuard(settings, clock);
    }

    // --- sweep-leftovers ----------------------------------------------------------------------

    public DescribeDbInstancesRequest everyInstance() {
        return DescribeDbInstancesRequest.builder().build();
    }

    /** snapmask's instances of earlier runs, not being deleted yet. */
    public List<DBInstance> leftovers(@Body DescribeDbInstancesResponse all, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return all.dbInstances().stream().filter(i -> guard.mayTouch(i.dbInstanceIdentifier(), i.tagList()))
                .filter(i -> !i.dbInstanceIdentifier().equals(settings.instanceId(run.id())))
                .filter(i -> !"deleting".equals(i.dbInstanceStatus())).toList();
    }

    public void swept(@Variable("leftover") DBInstance instance, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String from = OwnerGuard.runOf(instance.tagList());
        run.cleanedUp("swept leftover RDS instance " + instance.dbInstanceIdentifier() + " (run " + from + ")");
        LOG.warn("run {}: swept leftover RDS instance {} of run {}", run.id(), instance.dbInstanceIdentifier(), from);
    }

    // --- find-snapshot ------------------------------------------------------------------------

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
        Snapshot snapshot = new Snapshot(newest.dbSnapshotIdentifier(), settings.sourceInstance(), newest.snapshotCreateTime());
        LOG.info("run {}: newest snapshot {} of {} taken {}", run.id(), newest.dbSnapshotIdentifier(),
                settings.sourceInstance(), newest.snapshotCreateTime());
        return snapshot;
    }

    // --- restore ------------------------------------------------------------------------------

    /**
     * The temporary instance this run makes, named before the restore call (variable copy): if the
     * call times out after AWS created the instance, the drop still finds it.
     */
    public RestoredCopy copyToMake(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return new RestoredCopy(settings.instanceId(run.id()), null, settings.database());
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

    // --- await-ready --------------------------------------------------------------------------

    /** When the wait gives up: snapmask.rds.ready-timeout-s from now. */
    public Instant readyBy() {
        return clock.instant().plus(settings.readyTimeout());
    }

    /** Describes the run's temporary instance; null when the run has none (it failed before the restore). */
    public DescribeDbInstancesRequest describeCopy(@Variable("copy") RestoredCopy copy, @Variable("copyKept") String kept) {
        return copy == null || kept != null ? null
                : DescribeDbInstancesRequest.builder().dbInstanceIdentifier(copy.name()).build();
    }

    /**
     * The copy once it is available, null while it is not yet; past {@code readyBy}, or in a
     * status it does not come back from, a failure; when snapmask is stopping, the run is aborted.
     */
    public DBInstance available(@Body DescribeDbInstancesResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                @Variable("readyBy") Instant readyBy, @Variable("copy") RestoredCopy copy) {
        String id = copy.name();
        DBInstance instance = response.dbInstances().stream().findFirst().orElseThrow(() -> new SourceException("RDS instance "
                + id + " disappeared while waiting for it", null));
        String status = instance.dbInstanceStatus();
        LOG.info("run {}: {} is {} ({} s left to become available)", run.id(), id, status,
                Math.max(0, Duration.between(clock.instant(), readyBy).toSeconds()));
        if ("available".equals(status)) {
            return instance;
        }
        if (FAILED.contains(status)) {
            throw new SourceException("RDS instance " + id + " went to status '" + status + "' instead of available", null);
        }
        requireWaiting(run, id, readyBy, "is " + status);
        return null;
    }

    /** The copy's new master password, made for this run (variable copyPassword): the copy carries production's. */
    public CopyPassword newCopyPassword() {
        return CopyPassword.random();
    }

    /** The master password of the copy, reset to the run's new one. */
    public ModifyDbInstanceRequest passwordReset(@Body DBInstance instance, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                 @Variable("copyPassword") CopyPassword password) {
        LOG.info("run {}: resetting the master password of {} to a new random one", run.id(), instance.dbInstanceIdentifier());
        return ModifyDbInstanceRequest.builder().dbInstanceIdentifier(guard.require("RDS instance", instance.dbInstanceIdentifier(), instance.tagList())).masterUserPassword(password.value())
                .applyImmediately(true).build();
    }

    /** The copy, with its server, once it is available and takes the new password; null until then. */
    public RestoredCopy reachable(@Body DescribeDbInstancesResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                  @Variable("readyBy") Instant readyBy, @Variable("copyPassword") CopyPassword password,
                                  @Variable("copy") RestoredCopy made) {
        DBInstance instance = available(response, run, readyBy, made);
        if (instance == null) {
            return null;
        }
        MySqlServer server = serverOf(instance, password.value());
        try (Connection c = server.connect(null)) {
            RestoredCopy copy = new RestoredCopy(instance.dbInstanceIdentifier(), server, settings.database());
            LOG.info("run {}: RDS instance {} ready at {}", run.id(), instance.dbInstanceIdentifier(), server.where());
            return copy;
        } catch (SQLException e) {
            // the reset may not have reached the server yet
            requireWaiting(run, instance.dbInstanceIdentifier(), readyBy, "is available but refuses the new password ("
                    + e.getMessage() + ")");
            return null;
        }
    }

    protected void requireWaiting(RunNotes run, String id, Instant readyBy, String state) {
        if (clock.instant().isAfter(readyBy)) {
            throw new SourceException("RDS instance " + id + " was not ready within " + settings.readyTimeout().toMinutes()
                    + " min (" + settings.readyTimeout().toSeconds() + " s, snapmask.rds.ready-timeout-s); it " + state, null);
        }
        giveUpIfStopping(run, id);
    }

    /** The run is to stop (snapmask stopping, or ops stopping its routes): a wait for {@code what} gives up, with the reason. */
    protected void giveUpIfStopping(RunNotes run, String what) {
        Optional<String> why = stop.reason();
        if (why.isPresent()) {
            throw new RunAbortedException(why.get() + "; run " + run.id() + " gives up waiting for " + what);
        }
    }

    // --- drop ---------------------------------------------------------------------------------

    /** The request that deletes the copy; null (and recorded) when it is being deleted already. */
    public DeleteDbInstanceRequest deleteCopy(@Body DescribeDbInstancesResponse response,
                                             @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBInstance instance = response.dbInstances().get(0);
        if ("deleting".equals(instance.dbInstanceStatus())) {
            run.cleanedUp("RDS instance " + instance.dbInstanceIdentifier() + " is already being deleted");
            return null;
        }
        return delete(instance);
    }

    /** Deletes one of snapmask's instances, without a final snapshot; refuses any other. */
    public DeleteDbInstanceRequest delete(@Body DBInstance instance) {
        LOG.info("deleting RDS instance {} (skip final snapshot)", instance.dbInstanceIdentifier());
        return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(guard.require("RDS instance", instance.dbInstanceIdentifier(), instance.tagList())).skipFinalSnapshot(true)
                .deleteAutomatedBackups(true).build();
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

    // --- publish-snapshot (snapmask.output contains snapshot) ----------------------------------

    /** The scrubbed copy's snapshot, tagged as snapmask's sanitized one (the prune finds it by tag and prefix). */
    public CreateDbSnapshotRequest snapshotRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        LOG.info("run {}: snapshotting the sanitized copy {} as {}", run.id(), copy.name(), settings.snapshotId(run.id()));
        return CreateDbSnapshotRequest.builder().dbInstanceIdentifier(copy.name()).dbSnapshotIdentifier(settings.snapshotId(run.id()))
                .tags(sanitizedTags(run)).build();
    }

    protected List<Tag> sanitizedTags(RunNotes run) {
        return java.util.stream.Stream.concat(guard.runTags(run.id()).stream(), java.util.stream.Stream.of(
                Tag.builder().key(TAG_SANITIZED).value("true").build(), Tag.builder().key(TAG_SOURCE).value(settings.sourceInstance()).build()))
                .toList();
    }

    /** When the wait for the snapshot gives up: snapmask.snapshot.timeout-s from now. */
    public Instant snapshotBy() {
        return clock.instant().plus(settings.snapshotTimeout());
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

    protected boolean available(String status, Integer progress, RunNotes run, Instant by) {
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
        if (clock.instant().isAfter(by)) {
            throw new SourceException("the sanitized snapshot " + id + " was not available within " + settings.snapshotTimeout().toSeconds()
                    + " s (snapmask.snapshot.timeout-s); it is " + status, null);
        }
        giveUpIfStopping(run, "snapshot " + id);
        return false;
    }

    /** The snapshot shared with snapmask.snapshot.share-with; nothing when it names no account. */
    public List<ModifyDbSnapshotAttributeRequest> shareRequests(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return settings.shareWith().isEmpty() ? List.of() : List.of(ModifyDbSnapshotAttributeRequest.builder()
                .dbSnapshotIdentifier(settings.snapshotId(run.id())).attributeName("restore").valuesToAdd(settings.shareWith()).build());
    }

    public DescribeDbSnapshotsRequest manualSnapshots() {
        return DescribeDbSnapshotsRequest.builder().snapshotType("manual").build();
    }

    /** snapmask's sanitized snapshots beyond the newest snapmask.snapshot.keep, to delete; no other snapshot is ever touched. */
    public List<DeleteDbSnapshotRequest> expired(@Body DescribeDbSnapshotsResponse all) {
        return expired(all.dbSnapshots().stream().map(s -> new Published(s.dbSnapshotIdentifier(), s.status(), s.snapshotCreateTime(),
                s.tagList()))).stream().map(id -> DeleteDbSnapshotRequest.builder().dbSnapshotIdentifier(id).build()).toList();
    }

    /** An instance or cluster snapshot, as the prune judges it. */
    protected record Published(String id, String status, Instant created, List<Tag> tags) {
    }

    protected List<String> expired(java.util.stream.Stream<Published> all) {
        return all.filter(s -> s.id().startsWith(settings.instancePrefix() + "-sanitized-")
                        && s.tags().stream().anyMatch(t -> TAG_SANITIZED.equals(t.key()) && "true".equals(t.value()))
                        && s.tags().stream().anyMatch(t -> TAG_CREATED_BY.equals(t.key()) && t.value().startsWith("snapmask")))
                .sorted(Comparator.comparing(Published::created, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .skip(settings.keepSnapshots())
                .filter(s -> "available".equals(s.status()))
                .map(Published::id).toList();
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

    // --- promote (snapmask.output = promote) ----------------------------------------------------

    public DescribeDbInstancesRequest describeAnalytics() {
        return DescribeDbInstancesRequest.builder().dbInstanceIdentifier(settings.promoteInstance().orElseThrow()).build();
    }

    /** Tags the live analytics instance before it is renamed aside, so that a later sweep deletes it after the grace, and nothing else. */
    public AddTagsToResourceRequest retireTags(@Body DescribeDbInstancesResponse live, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        DBInstance instance = live.dbInstances().get(0);
        if (!"available".equals(instance.dbInstanceStatus())) {
            throw new SourceException("the analytics instance " + instance.dbInstanceIdentifier() + " is " + instance.dbInstanceStatus()
                    + ", not available: nothing was renamed, try again when it is", null);
        }
        return AddTagsToResourceRequest.builder().resourceName(instance.dbInstanceArn())
                .tags(guard.retiredTags(run.id())).build();
    }

    public ModifyDbInstanceRequest retireRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        LOG.info("run {}: renaming the analytics instance {} aside to {}", run.id(), settings.promoteInstance().orElseThrow(),
                settings.retiredId(run.id()));
        return ModifyDbInstanceRequest.builder().dbInstanceIdentifier(settings.promoteInstance().orElseThrow())
                .newDBInstanceIdentifier(settings.retiredId(run.id())).applyImmediately(true).build();
    }

    public DescribeDbInstancesRequest describeRetired(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        return DescribeDbInstancesRequest.builder().dbInstanceIdentifier(settings.retiredId(run.id())).build();
    }

    public ModifyDbInstanceRequest promoteRequest(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        LOG.info("run {}: renaming the masked copy {} to {}", run.id(), copy.name(), settings.promoteInstance().orElseThrow());
        return ModifyDbInstanceRequest.builder().dbInstanceIdentifier(copy.name())
                .newDBInstanceIdentifier(settings.promoteInstance().orElseThrow()).applyImmediately(true).build();
    }

    /**
     * The copy has the analytics instance's name: it is no longer temporary; the answer (variable
     * copyKept) says why the drop leaves it.
     */
    public String promoted(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        String name = settings.promoteInstance().orElseThrow();
        run.cleanedUp("RDS instance " + copy.name() + " promoted: it is now the analytics instance " + name
                + "; the previous one is " + settings.retiredId(run.id()) + ", kept " + settings.promoteGrace().toMinutes()
                + " min (snapmask.promote.grace) as the way back, then deleted by a later run");
        return "promoted to " + name;
    }

    public DescribeDbInstancesRequest describePromoted() {
        return describeAnalytics();
    }

    /** The renamed instance once it is available under its new name; null while it is renaming or rebooting. */
    public DBInstance renamed(@Body DescribeDbInstancesResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                              @Variable("readyBy") Instant readyBy) {
        DBInstance instance = response.dbInstances().get(0);
        LOG.info("run {}: {} is {}", run.id(), instance.dbInstanceIdentifier(), instance.dbInstanceStatus());
        if ("available".equals(instance.dbInstanceStatus())) {
            return instance;
        }
        requireWaiting(run, instance.dbInstanceIdentifier(), readyBy, "is " + instance.dbInstanceStatus());
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
                + settings.promoteInstance().orElseThrow() + " (it reboots once more); analytics serves yesterday's data");
        return ModifyDbInstanceRequest.builder().dbInstanceIdentifier(settings.retiredId(run.id()))
                .newDBInstanceIdentifier(settings.promoteInstance().orElseThrow()).applyImmediately(true).build();
    }

    /** The promotion's failure stays the run's cause after the rollback. */
    public void failPromotion(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause) throws Exception {
        throw cause;
    }

    protected MySqlServer serverOf(DBInstance instance, String password) {
        if (instance.endpoint() == null && settings.connectHost().isEmpty()) {
            throw new SourceException("RDS instance " + instance.dbInstanceIdentifier() + " has no endpoint yet", null);
        }
        String host = settings.connectHost().orElseGet(() -> instance.endpoint().address());
        int port = settings.connectPort().orElseGet(() -> instance.endpoint().port());
        return new MySqlServer("restored", "jdbc:mysql://" + host + ":" + port + "/", instance.masterUsername(), password,
                settings.tls());
    }


    @Override
    public String toString() {
        return "RDS instance " + settings.sourceInstance() + " in " + settings.region();
    }
}
