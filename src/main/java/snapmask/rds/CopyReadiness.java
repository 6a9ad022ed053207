package snapmask.rds;

import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.source.RestoredCopy;
import snapmask.source.SourceException;
import snapmask.step.RunNotes;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Step await-ready of the rds and aurora sources (bean {@code readiness}): the run's copy (the
 * instance, or the cluster's writer) until it is available, its master password reset to the run's
 * new one (on the instance, or on the cluster, whose it is), and until it takes that password: then
 * it is the {@link RestoredCopy} with its server.
 */
public class CopyReadiness {

    private static final Logger LOG = LoggerFactory.getLogger(CopyReadiness.class);
    private static final List<String> FAILED = List.of("failed", "incompatible-restore", "incompatible-parameters",
            "incompatible-network", "storage-full", "deleting");

    private final RdsSettings settings;
    private final OwnerGuard guard;
    private final WaitLimits limits;

    CopyReadiness(RdsSettings settings, OwnerGuard guard, WaitLimits limits) {
        this.settings = settings;
        this.guard = guard;
        this.limits = limits;
    }

    /** When the wait gives up: snapmask.rds.ready-timeout-s from now. */
    public Instant readyBy() {
        return limits.readyBy();
    }

    /** Describes the run's temporary instance; null when the run has none (it failed before the restore) or keeps it. */
    public DescribeDbInstancesRequest describeCopy(@Variable("copy") RestoredCopy copy, @Variable("copyKept") String kept) {
        return copy == null || kept != null ? null
                : DescribeDbInstancesRequest.builder().dbInstanceIdentifier(copy.name()).build();
    }

    /**
     * The copy once it is available, null while it is not yet; past {@code readyBy}, or in a
     * status it does not come back from, a failure; when the run is to stop, the run is aborted.
     */
    public DBInstance available(@Body DescribeDbInstancesResponse response, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                @Variable("readyBy") Instant readyBy, @Variable("copy") RestoredCopy copy) {
        String id = copy.name();
        DBInstance instance = response.dbInstances().stream().findFirst().orElseThrow(() -> new SourceException("RDS instance "
                + id + " disappeared while waiting for it", null));
        String status = instance.dbInstanceStatus();
        LOG.info("run {}: {} is {} ({} s left to become available)", run.id(), id, status,
                Math.max(0, Duration.between(limits.now(), readyBy).toSeconds()));
        if ("available".equals(status)) {
            return instance;
        }
        if (FAILED.contains(status)) {
            throw new SourceException("RDS instance " + id + " went to status '" + status + "' instead of available", null);
        }
        limits.requireWaiting(run, id, readyBy, "is " + status);
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
        return ModifyDbInstanceRequest.builder()
                .dbInstanceIdentifier(guard.require("RDS instance", instance.dbInstanceIdentifier(), instance.tagList()))
                .masterUserPassword(password.value()).applyImmediately(true).build();
    }

    /** For aurora, the master password is the cluster's: reset there to the run's new one. */
    public ModifyDbClusterRequest clusterPasswordReset(@Body DBInstance writer, @ExchangeProperty(RunNotes.PROPERTY) RunNotes run,
                                                       @Variable("copyPassword") CopyPassword password) {
        LOG.info("run {}: resetting the master password of Aurora cluster {} to a new random one", run.id(), writer.dbClusterIdentifier());
        return ModifyDbClusterRequest.builder().dbClusterIdentifier(writer.dbClusterIdentifier()).masterUserPassword(password.value())
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
            limits.requireWaiting(run, instance.dbInstanceIdentifier(), readyBy, "is available but refuses the new password ("
                    + e.getMessage() + ")");
            return null;
        }
    }

    private MySqlServer serverOf(DBInstance instance, String password) {
        if (instance.endpoint() == null && settings.connectHost().isEmpty()) {
            throw new SourceException("RDS instance " + instance.dbInstanceIdentifier() + " has no endpoint yet", null);
        }
        String host = settings.connectHost().orElseGet(() -> instance.endpoint().address());
        int port = settings.connectPort().orElseGet(() -> instance.endpoint().port());
        return new MySqlServer("restored", "jdbc:mysql://" + host + ":" + port + "/", instance.masterUsername(), password,
                settings.tls());
    }
}
