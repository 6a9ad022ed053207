package snapmask.rds;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import snapmask.rds.component.Aws2RdsOperations;
import snapmask.run.RunAbortedException;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.source.SnapshotSource;
import snapmask.source.SourceException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code rds} source: the newest snapshot of the production instance is restored into a
 * temporary, tagged instance {@code <prefix>-<run id>}, whose master password is reset to a random
 * one so snapmask never needs production's. Every RDS call goes through the {@code aws2-rds}
 * endpoint. Nothing is modified, deleted or queried unless it carries snapmask's tag and prefix.
 */
public class RdsSource implements SnapshotSource {

    public static final String TAG_RUN_ID = "snapmask:run-id";
    public static final String TAG_CREATED_BY = "snapmask:created-by";
    private static final Logger LOG = LoggerFactory.getLogger(RdsSource.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final RdsSettings settings;
    private final CamelContext camel;
    private final ProducerTemplate template;
    private final SecureRandom random = new SecureRandom();

    public RdsSource(RdsSettings settings, CamelContext camel) {
        this.settings = settings;
        this.camel = camel;
        this.template = camel.createProducerTemplate();
    }

    @Override
    public void sweepLeftovers(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        for (DBInstance instance : allInstances()) {
            if (!isOwned(instance) || instance.dbInstanceIdentifier().equals(settings.instanceId(run.id()))
                    || "deleting".equals(instance.dbInstanceStatus())) {
                continue;
            }
            delete(instance.dbInstanceIdentifier());
            String from = tag(instance, TAG_RUN_ID).orElse("?");
            run.cleanedUp("swept leftover RDS instance " + instance.dbInstanceIdentifier() + " (run " + from + ")");
            LOG.warn("run {}: swept leftover RDS instance {} of run {}", run.id(), instance.dbInstanceIdentifier(), from);
        }
    }

    @Override
    public void findSnapshot(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        DescribeDbSnapshotsRequest.Builder request = DescribeDbSnapshotsRequest.builder()
                .dbInstanceIdentifier(settings.sourceInstance());
        if (!settings.snapshotType().equals("either")) {
            request.snapshotType(settings.snapshotType());
        }
        DescribeDbSnapshotsResponse response = call(Aws2RdsOperations.describeDBSnapshots, request.build(),
                DescribeDbSnapshotsResponse.class);
        DBSnapshot newest = response.dbSnapshots().stream()
                .filter(s -> "available".equals(s.status()))
                .filter(s -> settings.snapshotType().equals("either") || settings.snapshotType().equals(s.snapshotType()))
                .max(Comparator.comparing(DBSnapshot::snapshotCreateTime))
                .orElseThrow(() -> new SourceException("no available " + settings.snapshotType() + " snapshot of RDS instance '"
                        + settings.sourceInstance() + "' in " + settings.region()
                        + " (snapmask.rds.instance, snapmask.rds.snapshot-type)", null));
        run.snapshot(new Snapshot(newest.dbSnapshotIdentifier(), settings.sourceInstance(), newest.snapshotCreateTime()));
        LOG.info("run {}: newest snapshot {} of {} taken {}", run.id(), newest.dbSnapshotIdentifier(),
                settings.sourceInstance(), newest.snapshotCreateTime());
    }

    @Override
    public void restore(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String id = settings.instanceId(run.id());
        // recorded first: if the call times out after AWS created the instance, the drop still finds it
        run.copy(new RestoredCopy(id, null, settings.database()));
        RestoreDbInstanceFromDbSnapshotRequest.Builder request = RestoreDbInstanceFromDbSnapshotRequest.builder()
                .dbInstanceIdentifier(id)
                .dbSnapshotIdentifier(run.snapshot().id())
                .dbInstanceClass(settings.instanceClass())
                .multiAZ(false)
                .publiclyAccessible(false)
                .deletionProtection(false)
                .copyTagsToSnapshot(false)
                .tags(Tag.builder().key(TAG_RUN_ID).value(run.id()).build(),
                        Tag.builder().key(TAG_CREATED_BY).value("snapmask@" + hostname()).build());
        settings.subnetGroup().ifPresent(request::dbSubnetGroupName);
        settings.parameterGroup().ifPresent(request::dbParameterGroupName);
        settings.availabilityZone().ifPresent(request::availabilityZone);
        if (!settings.securityGroups().isEmpty()) {
            request.vpcSecurityGroupIds(settings.securityGroups());
        }
        call(Aws2RdsOperations.restoreDBInstanceFromDBSnapshot, request.build(), Object.class);
        LOG.info("run {}: restoring snapshot {} into RDS instance {} ({})", run.id(), run.snapshot().id(), id,
                settings.instanceClass());
    }

    @Override
    public void awaitReady(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        String id = run.requireCopy().name();
        Instant deadline = Instant.now().plus(settings.readyTimeout());
        DBInstance instance = waitUntilAvailable(run, id, deadline, "restored");
        String password = newPassword();
        call(Aws2RdsOperations.modifyDBInstance, ModifyDbInstanceRequest.builder().dbInstanceIdentifier(requireOwned(instance))
                .masterUserPassword(password).applyImmediately(true).build(), Object.class);
        LOG.info("run {}: master password of {} reset to a new random one", run.id(), id);
        while (true) {
            instance = waitUntilAvailable(run, id, deadline, "password reset");
            MySqlServer server = serverOf(instance, password);
            try (Connection c = server.connect(null)) {
                run.copy(new RestoredCopy(id, server, settings.database()));
                LOG.info("run {}: RDS instance {} ready at {}", run.id(), id, server.where());
                return;
            } catch (SQLException e) {
                // the reset may not have reached the server yet; keep polling until the deadline
                LOG.info("run {}: {} is available but refuses the new password yet ({})", run.id(), id, e.getMessage());
                pause(run, id, deadline);
            }
        }
    }

    @Override
    public void drop(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        RestoredCopy copy = run.copy();
        if (copy == null) {
            return;
        }
        String id = copy.name();
        try {
            Optional<DBInstance> instance = describe(id);
            if (instance.isEmpty()) {
                run.cleanedUp("RDS instance " + id + " was not created, nothing to delete");
                return;
            }
            if ("deleting".equals(instance.get().dbInstanceStatus())) {
                run.cleanedUp("RDS instance " + id + " is already being deleted");
                return;
            }
            requireOwned(instance.get());
            delete(id);
            run.cleanedUp("RDS instance " + id + " deleted (no final snapshot)");
        } catch (RuntimeException e) {
            run.cleanupFailed("RDS instance " + id + " could not be deleted and keeps running (" + e.getMessage()
                    + "); delete it: aws rds delete-db-instance --db-instance-identifier " + id
                    + " --skip-final-snapshot (the next run also tries)");
        }
    }

    private DBInstance waitUntilAvailable(RunContext run, String id, Instant deadline, String what) {
        Instant started = Instant.now();
        while (true) {
            DBInstance instance = describe(id).orElseThrow(() -> new SourceException("RDS instance " + id
                    + " disappeared while waiting for it", null));
            String status = instance.dbInstanceStatus();
            LOG.info("run {}: {} is {} ({} s, waiting: {})", run.id(), id, status,
                    Duration.between(started, Instant.now()).toSeconds(), what);
            if ("available".equals(status)) {
                return instance;
            }
            if (List.of("failed", "incompatible-restore", "incompatible-parameters", "incompatible-network",
                    "storage-full", "deleting").contains(status)) {
                throw new SourceException("RDS instance " + id + " went to status '" + status + "' instead of available", null);
            }
            pause(run, id, deadline);
        }
    }

    private void pause(RunContext run, String id, Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            throw new SourceException("RDS instance " + id + " was not ready within " + settings.readyTimeout().toMinutes()
                    + " min (" + settings.readyTimeout().toSeconds() + " s, snapmask.rds.ready-timeout-s)", null);
        }
        if (camel.isStopping() || camel.isStopped()) {
            throw new RunAbortedException("snapmask is stopping; run " + run.id() + " gives up waiting for " + id);
        }
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while waiting for RDS instance " + id, e);
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

    private Optional<DBInstance> describe(String id) {
        try {
            DescribeDbInstancesResponse response = call(Aws2RdsOperations.describeDBInstances,
                    DescribeDbInstancesRequest.builder().dbInstanceIdentifier(id).build(), DescribeDbInstancesResponse.class);
            return response.dbInstances().stream().findFirst();
        } catch (RdsCallException e) {
            if ("DBInstanceNotFound".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private List<DBInstance> allInstances() {
        List<DBInstance> all = new ArrayList<>();
        String marker = null;
        do {
            DescribeDbInstancesResponse page = call(Aws2RdsOperations.describeDBInstances,
                    DescribeDbInstancesRequest.builder().marker(marker).build(), DescribeDbInstancesResponse.class);
            all.addAll(page.dbInstances());
            marker = page.marker();
        } while (marker != null && !marker.isEmpty());
        return all;
    }

    private void delete(String id) {
        call(Aws2RdsOperations.deleteDBInstance, DeleteDbInstanceRequest.builder().dbInstanceIdentifier(id)
                .skipFinalSnapshot(true).deleteAutomatedBackups(true).build(), Object.class);
        LOG.info("deleting RDS instance {} (skip final snapshot)", id);
    }

    /** snapmask's own instances only: its prefix and its tag. Never the production instance. */
    boolean isOwned(DBInstance instance) {
        return instance.dbInstanceIdentifier().startsWith(settings.instancePrefix() + "-")
                && !instance.dbInstanceIdentifier().equals(settings.sourceInstance())
                && tag(instance, TAG_RUN_ID).isPresent()
                && tag(instance, TAG_CREATED_BY).filter(v -> v.startsWith("snapmask")).isPresent();
    }

    private String requireOwned(DBInstance instance) {
        if (!isOwned(instance)) {
            throw new IllegalStateException("refusing to touch RDS instance " + instance.dbInstanceIdentifier()
                    + ": it lacks snapmask's tag " + TAG_RUN_ID + " or prefix " + settings.instancePrefix() + "-");
        }
        return instance.dbInstanceIdentifier();
    }

    private static Optional<String> tag(DBInstance instance, String key) {
        return instance.tagList().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    private <T> T call(Aws2RdsOperations operation, Object request, Class<T> responseType) {
        Exchange done = template.request("aws2-rds:snapmask?pojoRequest=true&operation=" + operation,
                e -> e.getMessage().setBody(request));
        Exception failure = done.getException();
        if (failure != null) {
            if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
                String code = aws.awsErrorDetails().errorCode();
                throw new RdsCallException("RDS " + operation + " failed: " + code + ": " + aws.awsErrorDetails().errorMessage()
                        + " (HTTP " + aws.statusCode() + ")", code, aws);
            }
            throw new RdsCallException("RDS " + operation + " failed: " + failure.getMessage(), null, failure);
        }
        return done.getMessage().getBody(responseType);
    }

    private String newPassword() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
