package snapmask.rds;

import snapmask.config.ConfigurationException;
import snapmask.config.Settings;
import snapmask.config.Tls;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The snapmask.rds.* keys (and, for the aurora source, snapmask.aurora.*), checked once at start.
 * {@code sourceInstance} is production: the instance (rds) or the cluster (aurora).
 */
public record RdsSettings(boolean chosen, String region, Optional<String> endpointOverride, String sourceInstance, String snapshotType,
                          String instancePrefix, String instanceClass, Optional<String> subnetGroup,
                          List<String> securityGroups, Optional<String> parameterGroup, Optional<String> availabilityZone,
                          String database, Duration pollInterval, Duration readyTimeout, Optional<String> connectHost,
                          Optional<Integer> connectPort, int maxAttempts, Optional<String> accessKeyId, String secretAccessKey,
                          Tls tls, Optional<String> storageType, Optional<Integer> iops, Optional<Integer> storageThroughput,
                          boolean aurora, String auroraMethod, Optional<String> clusterParameterGroup,
                          List<String> shareWith, int keepSnapshots, Duration snapshotTimeout,
                          Optional<String> promoteInstance, Duration promoteGrace, List<String> outputs) {

    private static final List<String> STORAGE_TYPES = List.of("gp2", "gp3", "io1", "io2", "standard");

    private static final List<String> OUTPUTS = List.of("analytics", "snapshot", "promote");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,20}(-[a-z0-9]+)*");

    /** Read whichever the source, so that its keys are known keys; required only when the source is rds or aurora. */
    public static RdsSettings from(Settings s) {
        String source = s.string("snapmask.source");
        if (!List.of("local", "rds", "aurora").contains(source)) {
            s.problem(new ConfigurationException("snapmask.source", "is '" + source + "', must be local, rds or aurora"), null);
        }
        boolean chosen = !source.equals("local");
        String type = s.string("snapmask.rds.snapshot-type");
        if (!List.of("automated", "manual", "either").contains(type)) {
            s.problem(new ConfigurationException("snapmask.rds.snapshot-type", "is '" + type + "', must be automated, manual or either"),
                    null);
        }
        String prefix = s.string("snapmask.rds.instance-prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            s.problem(new ConfigurationException("snapmask.rds.instance-prefix", "is '" + prefix
                    + "', must be lower-case letters, digits and single hyphens, starting with a letter, at most 21 characters"), null);
        }
        boolean aurora = "aurora".equals(source);
        String auroraMethod = s.string("snapmask.aurora.method");
        String method = aurora ? auroraMethod : "snapshot";
        if (!List.of("snapshot", "clone").contains(method)) {
            s.problem(new ConfigurationException("snapmask.aurora.method", "is '" + method + "', must be snapshot or clone"), null);
        }
        Optional<String> accessKey = s.optional("snapmask.rds.access-key-id");
        String secretKey = s.secret("snapmask.rds.secret-access-key");
        if (accessKey.isPresent() && secretKey.isEmpty()) {
            s.problem(new ConfigurationException("snapmask.rds.secret-access-key", "is missing, and snapmask.rds.access-key-id is set:"
                    + " give the secret in the environment as SNAPMASK_RDS_SECRET_ACCESS_KEY (or a file as"
                    + " snapmask.rds.secret-access-key-file), or remove the key id to use the AWS SDK's default credentials"), null);
        }
        Optional<String> storage = s.optional("snapmask.rds.storage-type");
        if (storage.isPresent() && !STORAGE_TYPES.contains(storage.get())) {
            s.problem(new ConfigurationException("snapmask.rds.storage-type", "is '" + storage.get() + "', must be one of "
                    + String.join(", ", STORAGE_TYPES)), null);
        }
        String cluster = s.requiredWhen(chosen && aurora, "snapmask.aurora.cluster");
        String instance = s.requiredWhen(chosen && !aurora, "snapmask.rds.instance");
        String auroraClass = s.string("snapmask.aurora.instance-class");
        String instanceClass = s.string("snapmask.rds.instance-class");
        Optional<String> clusterParameters = s.optional("snapmask.aurora.cluster-parameter-group");
        List<String> outputs = outputs(s, chosen);
        return new RdsSettings(
                chosen,
                s.requiredWhen(chosen, "snapmask.rds.region"),
                s.optional("snapmask.rds.endpoint-override"),
                aurora ? cluster : instance,
                type,
                prefix,
                aurora ? auroraClass : instanceClass,
                s.optional("snapmask.rds.subnet-group"),
                list(s.optional("snapmask.rds.security-groups").orElse("")),
                s.optional("snapmask.rds.parameter-group"),
                s.optional("snapmask.rds.availability-zone"),
                sourceDatabase(s, chosen),
                Duration.ofMillis(s.integer("snapmask.rds.poll-interval-ms", 10, 600_000)),
                Duration.ofSeconds(s.integer("snapmask.rds.ready-timeout-s", 1, 24 * 3600)),
                s.optional("snapmask.rds.connect-host"),
                s.optional("snapmask.rds.connect-port").map(p -> s.integer("snapmask.rds.connect-port", 1, 65535)),
                s.integer("snapmask.rds.max-attempts", 1, 20),
                accessKey,
                secretKey,
                Tls.from(s, "snapmask.rds"),
                storage,
                s.optional("snapmask.rds.iops").map(v -> s.integer("snapmask.rds.iops", 1000, 256_000)),
                s.optional("snapmask.rds.storage-throughput").map(v -> s.integer("snapmask.rds.storage-throughput", 125, 16_000)),
                aurora, method, aurora ? clusterParameters : Optional.empty(),
                shareWith(s), s.integer("snapmask.snapshot.keep", 1, 100),
                Duration.ofSeconds(s.integer("snapmask.snapshot.timeout-s", 60, 24 * 3600)),
                promoteInstance(s, prefix, outputs.contains("promote")),
                s.duration("snapmask.promote.grace"), outputs);
    }

    private static String sourceDatabase(Settings s, boolean chosen) {
        return chosen ? s.sourceDatabase("snapmask.rds.database") : s.optional("snapmask.rds.database").orElse("");
    }

    /** The live analytics instance a promoted copy replaces; it must never look like one of snapmask's temporary instances. */
    private static Optional<String> promoteInstance(Settings s, String prefix, boolean promoting) {
        String instance = s.requiredWhen(promoting, "snapmask.promote.instance");
        if (!promoting) {
            return Optional.empty();
        }
        if (instance.startsWith(prefix + "-")) {
            s.problem(new ConfigurationException("snapmask.promote.instance", "is '" + instance + "', which starts with"
                    + " snapmask.rds.instance-prefix (" + prefix + "-): the sweep of leftovers would take it for a temporary copy"), null);
        }
        return Optional.of(instance);
    }

    /** The retired analytics instance of a promoting run: {@code <analytics instance>-old-<run id>}. */
    public String retiredId(String runId) {
        return promoteInstance.orElseThrow() + "-old-" + runId;
    }

    /**
     * snapmask.output: what a run produces. A sanitized snapshot and a promotion hand on the temporary
     * RDS instance or Aurora cluster, which the local source does not have.
     */
    private static List<String> outputs(Settings s, boolean rdsSource) {
        List<String> outputs = list(s.string("snapmask.output"));
        for (String output : outputs) {
            if (!OUTPUTS.contains(output)) {
                s.problem(new ConfigurationException("snapmask.output", "names '" + output + "'; it takes analytics, snapshot"
                        + " and promote, comma-separated"), null);
            }
        }
        if (outputs.contains("promote") && outputs.contains("analytics")) {
            s.problem(new ConfigurationException("snapmask.output", "names analytics and promote: promote makes the masked copy"
                    + " the analytics instance, so nothing is loaded into it; use one of them"), null);
        }
        if (outputs.isEmpty()) {
            s.problem(new ConfigurationException("snapmask.output", "is empty; give analytics, snapshot or promote"), null);
        }
        for (String handsOn : List.of("snapshot", "promote")) {
            if (outputs.contains(handsOn) && !rdsSource) {
                s.problem(new ConfigurationException("snapmask.output", "names " + handsOn + ", which needs snapmask.source=rds or"
                        + " aurora (it hands on the temporary RDS instance or Aurora cluster; the local source has none)"), null);
            }
        }
        return outputs;
    }

    private static List<String> shareWith(Settings s) {
        List<String> accounts = list(s.optional("snapmask.snapshot.share-with").orElse(""));
        for (String account : accounts) {
            if (!ACCOUNT.matcher(account).matches()) {
                s.problem(new ConfigurationException("snapmask.snapshot.share-with", "names '" + account
                        + "', not an AWS account id (12 digits)"), null);
            }
        }
        return accounts;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** The sanitized snapshot of a run: {@code <prefix>-sanitized-<run id>}. */
    public String snapshotId(String runId) {
        return instancePrefix + "-sanitized-" + runId;
    }

    /** The temporary Aurora cluster of a run: named as the instance of the rds source. */
    public String clusterId(String runId) {
        return instanceId(runId);
    }

    /** The writer instance of a run's Aurora cluster: the run's copy. */
    public String writerId(String runId) {
        return clusterId(runId) + "-writer";
    }

    /** The temporary instance of a run: {@code <prefix>-<run id>}, a valid RDS identifier. */
    public String instanceId(String runId) {
        return instancePrefix + "-" + runId;
    }
}
