package snapmask.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon RDS as the real SDK client sees it: an HTTP server on 127.0.0.1 that takes the Query
 * protocol (form POST with Action=...) and answers the XML AWS documents. Instances go
 * creating -> backing-up -> available -> deleting -> gone, one state per describe. Tests script
 * failures (no snapshot, refused restore, never available, failed delete, throttling) and read
 * back every request that was sent.
 */
public final class RdsFake implements AutoCloseable {

    private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final Pattern TAG = Pattern.compile("Tags\\.(?:Tag|member)\\.(\\d+)\\.(Key|Value)");

    private final HttpServer server;
    private final IamPolicy policy = IamPolicy.documented();
    private final List<String> denied = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final List<Snapshot> clusterSnapshots = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> snapshotDescribesLeft = new LinkedHashMap<>();
    private final Map<String, List<String>> shared = new LinkedHashMap<>();
    private volatile String snapshotError;
    private volatile String renameError;
    private volatile String renameRefusedFor = "";
    private final Map<String, Integer> resolved = new LinkedHashMap<>();
    /** How many describes a snapshot being made stays "creating". */
    private volatile int snapshotDescribes = 2;
    private volatile String cloneError;
    /** How many describes a deleted instance stays "deleting" before it is gone. */
    private volatile int deletingDescribes = 1;
    private final AtomicInteger throttleNext = new AtomicInteger();
    private final int endpointPort;
    private volatile String restoreError;
    private volatile String deleteError;
    private volatile String describeInstancesError;
    private volatile boolean neverAvailable;
    private volatile Consumer<String> onRestore = id -> { };
    private volatile Consumer<String> onDelete = id -> { };
    private volatile Consumer<String> onPasswordReset = password -> { };
    private volatile String masterUsername = "root";
    /** RDS's default MaxRecords. */
    private volatile int pageSize = 100;

    public RdsFake(int endpointPort) {
        this.endpointPort = endpointPort;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // --- scripting -------------------------------------------------------------------------------

    public RdsFake snapshot(String id, String instance, String type, Instant created, String status) {
        snapshots.add(new Snapshot(id, instance, type, created, status));
        return this;
    }

    /** A snapshot of {@code instance} with tags, e.g. a sanitized one of an earlier run. */
    public RdsFake snapshot(String id, String instance, Instant created, Map<String, String> tags) {
        snapshots.add(new Snapshot(id, instance, "manual", created, "available", tags));
        return this;
    }

    /** Renames of instances whose id starts with {@code prefix} are refused. */
    public RdsFake refuseRename(String prefix, String errorCode) {
        this.renameRefusedFor = prefix;
        this.renameError = errorCode;
        return this;
    }

    public RdsFake refuseSnapshot(String errorCode) {
        this.snapshotError = errorCode;
        return this;
    }

    /** The instance snapshots there are now, by id, with their status. */
    public synchronized Map<String, String> snapshotStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        snapshots.forEach(s -> status.put(s.id, s.status));
        return status;
    }

    /** The cluster snapshots there are now, by id, with their status. */
    public synchronized Map<String, String> clusterSnapshotStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        clusterSnapshots.forEach(s -> status.put(s.id, s.status));
        return status;
    }

    /** An instance or cluster snapshot's tags. */
    public synchronized Map<String, String> snapshotTags(String id) {
        return java.util.stream.Stream.concat(snapshots.stream(), clusterSnapshots.stream()).filter(s -> s.id.equals(id)).findFirst()
                .map(Snapshot::tags).orElse(Map.of());
    }

    /** The accounts a snapshot was shared with (ModifyDBSnapshotAttribute restore). */
    public synchronized List<String> sharedWith(String id) {
        return List.copyOf(shared.getOrDefault(id, List.of()));
    }

    /** An Aurora cluster snapshot of {@code cluster}. */
    public RdsFake clusterSnapshot(String id, String cluster, String type, Instant created, String status) {
        clusterSnapshots.add(new Snapshot(id, cluster, type, created, status));
        return this;
    }

    /** An Aurora cluster that exists before the test (production, or a leftover), with its member instances. */
    public synchronized RdsFake cluster(String id, String status, Map<String, String> tags, String... members) {
        Cluster cluster = new Cluster(id, status, new LinkedHashMap<>(tags));
        for (String member : members) {
            Instance instance = new Instance(member, "available", new LinkedHashMap<>(tags));
            instance.cluster = id;
            instances.put(member, instance);
            cluster.members.add(member);
        }
        clusters.put(id, cluster);
        return this;
    }

    /** The members of cluster {@code id} answer on {@code port} (another server than the restored copies'). */
    public synchronized RdsFake clusterPort(String id, int port) {
        existingCluster(id).members.forEach(m -> instances.get(m).port = port);
        return this;
    }

    /** Where the cluster endpoint name {@code id} leads: as {@link #portOf}, for clusters (their writer's server). */
    public synchronized int portOfCluster(String id) {
        Cluster cluster = clusters.get(id);
        if (cluster != null && !cluster.members.isEmpty()) {
            Instance writer = instances.get(cluster.members.get(0));
            resolved.put("cluster:" + id, writer.port > 0 ? writer.port : endpointPort);
        }
        return resolved.getOrDefault("cluster:" + id, -1);
    }

    /** A deleted instance is gone only after {@code describes} describes (of it or its cluster), as AWS takes minutes. */
    public RdsFake deletesTake(int describes) {
        this.deletingDescribes = describes;
        return this;
    }

    /** The minutes AWS takes pass: every instance being deleted is gone (and out of its cluster). */
    public synchronized RdsFake deletesFinish() {
        for (Instance instance : List.copyOf(instances.values())) {
            if ("deleting".equals(instance.status)) {
                instance.next.clear();
                instance.next.add("gone");
                instance.advance();
                instances.remove(instance.id);
            }
        }
        return this;
    }

    /** RestoreDBClusterToPointInTime (the clone) fails with {@code errorCode}. */
    public RdsFake refuseClone(String errorCode) {
        this.cloneError = errorCode;
        return this;
    }

    /** The status of every cluster, e.g. to see what a run left. */
    public synchronized Map<String, String> clusterStatus() {
        Map<String, String> out = new LinkedHashMap<>();
        clusters.forEach((id, c) -> out.put(id, c.status));
        return out;
    }

    /** An instance that exists before the test, e.g. production or a leftover. */
    public synchronized RdsFake instance(String id, String status, Map<String, String> tags) {
        instances.put(id, new Instance(id, status, new LinkedHashMap<>(tags)));
        return this;
    }

    /** An instance whose endpoint answers on a port of its own (another server than the restored copies'). */
    public synchronized RdsFake instance(String id, String status, Map<String, String> tags, int port) {
        instance(id, status, tags);
        instances.get(id).port = port;
        return this;
    }

    /**
     * Where the endpoint name of {@code id} leads: the instance that has that name now, else the one
     * that had it last (a name's DNS record stays until another instance takes the name); -1 when
     * no instance ever had it.
     */
    public synchronized int portOf(String id) {
        Instance instance = instances.get(id);
        if (instance != null) {
            resolved.put(id, instance.port > 0 ? instance.port : endpointPort);
        }
        return resolved.getOrDefault(id, -1);
    }

    public synchronized Map<String, String> clusterTags(String id) {
        Cluster cluster = clusters.get(id);
        return cluster == null ? Map.of() : Map.copyOf(cluster.tags);
    }

    /** The instances there are now, by id, with their status. */
    public synchronized Map<String, String> instanceStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        instances.values().forEach(i -> status.put(i.id, i.status));
        return status;
    }

    public synchronized Map<String, String> instanceTags(String id) {
        Instance instance = instances.get(id);
        return instance == null ? Map.of() : Map.copyOf(instance.tags);
    }

    public RdsFake refuseRestore(String errorCode) {
        this.restoreError = errorCode;
        return this;
    }

    /** Every DescribeDBInstances fails with {@code errorCode} (HTTP 403, not retried), e.g. AccessDenied. */
    public RdsFake refuseDescribeInstances(String errorCode) {
        this.describeInstancesError = errorCode;
        return this;
    }

    public RdsFake refuseDelete(String errorCode) {
        this.deleteError = errorCode;
        return this;
    }

    /** Restored instances stay "creating" for ever (or, with false, become available again). */
    public RdsFake neverAvailable(boolean never) {
        this.neverAvailable = never;
        return this;
    }

    /**
     * Describe answers hold at most {@code records} items (or the request's MaxRecords) and a Marker
     * for the next page, as RDS pages (100 by default): small pages make every describe follow markers.
     */
    public RdsFake pageSize(int records) {
        this.pageSize = records;
        return this;
    }

    public RdsFake throttle(int requests) {
        throttleNext.set(requests);
        return this;
    }

    public RdsFake onRestore(Consumer<String> action) {
        this.onRestore = action;
        return this;
    }

    /** The master user the instances report (default root). */
    public RdsFake masterUsername(String user) {
        this.masterUsername = user;
        return this;
    }

    /** Runs when a ModifyDBInstance sets a new master password, with that password (as RDS sets it on the server). */
    public RdsFake onPasswordReset(Consumer<String> action) {
        this.onPasswordReset = action;
        return this;
    }

    public RdsFake onDelete(Consumer<String> action) {
        this.onDelete = action;
        return this;
    }

    // --- what was sent ---------------------------------------------------------------------------

    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    public List<Map<String, String>> requests(String action) {
        return requests.stream().filter(r -> action.equals(r.get("Action"))).toList();
    }

    public synchronized Map<String, String> status() {
        Map<String, String> out = new LinkedHashMap<>();
        instances.forEach((id, i) -> out.put(id, i.status));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- the protocol ----------------------------------------------------------------------------

    private void handle(HttpExchange http) throws IOException {
        Map<String, String> params = form(new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(params);
        String action = params.getOrDefault("Action", "");
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(http, 400, "Throttling", "Rate exceeded");
            return;
        }
        try {
            authorize(action, params);
            String result = switch (action) {
                case "DescribeDBSnapshots" -> describeSnapshots(Kind.INSTANCE, params);
                case "DescribeDBInstances" -> describeInstances(params);
                case "RestoreDBInstanceFromDBSnapshot" -> restore(params);
                case "ModifyDBInstance" -> modify(params);
                case "DeleteDBInstance" -> delete(params);
                case "ListTagsForResource" -> listTags(params);
                case "AddTagsToResource" -> addTags(params);
                case "DescribeDBClusters" -> describeClusters(params);
                case "DescribeDBClusterSnapshots" -> describeSnapshots(Kind.CLUSTER, params);
                case "RestoreDBClusterFromSnapshot" -> restoreCluster(params, "SnapshotIdentifier");
                case "RestoreDBClusterToPointInTime" -> restoreCluster(params, "SourceDBClusterIdentifier");
                case "CreateDBInstance" -> createInstance(params);
                case "ModifyDBCluster" -> modifyCluster(params);
                case "DeleteDBCluster" -> deleteCluster(params);
                case "CreateDBSnapshot" -> createSnapshot(Kind.INSTANCE, params);
                case "ModifyDBSnapshotAttribute" -> shareSnapshot(Kind.INSTANCE, params);
                case "DeleteDBSnapshot" -> deleteSnapshot(Kind.INSTANCE, params);
                case "CreateDBClusterSnapshot" -> createSnapshot(Kind.CLUSTER, params);
                case "ModifyDBClusterSnapshotAttribute" -> shareSnapshot(Kind.CLUSTER, params);
                case "DeleteDBClusterSnapshot" -> deleteSnapshot(Kind.CLUSTER, params);
                default -> throw new Failure(400, "InvalidAction", "unknown action " + action);
            };
            respond(http, 200, "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                    + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                    + action + "Response>");
        } catch (Failure f) {
            error(http, f.status, f.code, f.getMessage());
        }
    }

    // --- the documented IAM policy ---------------------------------------------------------------

    private static final String ARN = "arn:aws:rds:eu-west-1:123456789012:";

    /**
     * Refuses, as AWS would, a request that docs/iam-policy.json does not allow on every resource it
     * names (resource types per action as AWS's Service Authorization Reference lists them; tags
     * passed on a create need rds:AddTagsToResource on what is created). So every request of every
     * test is checked against the policy users attach: a call without a statement fails its test.
     */
    private synchronized void authorize(String action, Map<String, String> p) {
        List<String> arns = new ArrayList<>();
        switch (action) {
            case "RestoreDBInstanceFromDBSnapshot" -> {
                arns.add(arn("db", p.get("DBInstanceIdentifier")));
                arns.add(arn("snapshot", p.get("DBSnapshotIdentifier")));
            }
            case "RestoreDBClusterFromSnapshot" -> {
                arns.add(arn("cluster", p.get("DBClusterIdentifier")));
                arns.add(arn("cluster-snapshot", p.get("SnapshotIdentifier")));
            }
            case "RestoreDBClusterToPointInTime" -> {
                arns.add(arn("cluster", p.get("DBClusterIdentifier")));
                arns.add(arn("cluster", p.get("SourceDBClusterIdentifier")));
            }
            case "CreateDBInstance", "ModifyDBInstance", "DeleteDBInstance" -> arns.add(arn("db", p.get("DBInstanceIdentifier")));
            case "ModifyDBCluster", "DeleteDBCluster" -> arns.add(arn("cluster", p.get("DBClusterIdentifier")));
            case "CreateDBSnapshot" -> {
                arns.add(arn("db", p.get("DBInstanceIdentifier")));
                arns.add(arn("snapshot", p.get("DBSnapshotIdentifier")));
            }
            case "CreateDBClusterSnapshot" -> {
                arns.add(arn("cluster", p.get("DBClusterIdentifier")));
                arns.add(arn("cluster-snapshot", p.get("DBClusterSnapshotIdentifier")));
            }
            case "ModifyDBSnapshotAttribute", "DeleteDBSnapshot" -> arns.add(arn("snapshot", p.get("DBSnapshotIdentifier")));
            case "ModifyDBClusterSnapshotAttribute", "DeleteDBClusterSnapshot" ->
                    arns.add(arn("cluster-snapshot", p.get("DBClusterSnapshotIdentifier")));
            case "AddTagsToResource", "ListTagsForResource" -> arns.add(p.get("ResourceName"));
            default -> arns.add(ARN + "db:*"); // the describes: Resource "*"
        }
        optional(arns, "db", p.get("NewDBInstanceIdentifier"));
        optional(arns, "cluster", p.get("NewDBClusterIdentifier"));
        optional(arns, "cluster", "CreateDBInstance".equals(action) ? p.get("DBClusterIdentifier") : null);
        optional(arns, "subgrp", p.get("DBSubnetGroupName"));
        optional(arns, "pg", p.get("DBParameterGroupName"));
        optional(arns, "cluster-pg", p.get("DBClusterParameterGroupName"));
        optional(arns, "og", p.get("OptionGroupName"));
        List<String> tagKeys = List.copyOf(tags(p).keySet());
        for (String arn : arns) {
            Map<String, List<String>> context = context(arn, arn.equals(arns.get(0)) ? null : arns.get(0));
            if (!tagKeys.isEmpty()) {
                context.put("aws:TagKeys", tagKeys);
            }
            require("rds:" + action, arn, context);
        }
        if (!tagKeys.isEmpty() && !action.equals("AddTagsToResource")) {
            require("rds:AddTagsToResource", arns.get(0), Map.of("aws:TagKeys", tagKeys));
        }
    }

    private void require(String action, String arn, Map<String, List<String>> context) {
        if (!policy.allows(action, arn, context)) {
            denied.add(action + " " + arn);
            throw new Failure(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/snapmask is not authorized to perform: "
                    + action + " on resource: " + arn + " because no identity-based policy allows the " + action + " action");
        }
    }

    private static String arn(String type, String id) {
        return id == null || id.startsWith("arn:") ? id : ARN + type + ":" + id;
    }

    private static void optional(List<String> arns, String type, String id) {
        if (id != null) {
            arns.add(arn(type, id));
        }
    }

    /** The condition keys of a resource: its tags as rds:db-tag/..., rds:cluster-tag/... (a rename: the renamed one's). */
    private Map<String, List<String>> context(String arn, String renamed) {
        String type = arn.substring(ARN.length(), arn.indexOf(':', ARN.length()));
        String id = arn.substring(ARN.length() + type.length() + 1);
        Map<String, String> tags = switch (type) {
            case "db" -> instances.containsKey(id) ? instances.get(id).tags : renamedTags(renamed);
            case "cluster" -> clusters.containsKey(id) ? clusters.get(id).tags : renamedTags(renamed);
            case "snapshot", "cluster-snapshot" -> snapshots(type.equals("snapshot") ? Kind.INSTANCE : Kind.CLUSTER).stream()
                    .filter(s -> s.id.equals(id)).map(Snapshot::tags).findFirst().orElse(Map.of());
            default -> Map.of();
        };
        Map<String, List<String>> context = new LinkedHashMap<>();
        tags.forEach((k, v) -> context.put("rds:" + type + "-tag/" + k, List.of(v)));
        return context;
    }

    private Map<String, String> renamedTags(String renamed) {
        return renamed == null || !renamed.startsWith(ARN) ? Map.of() : context(renamed, null).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().substring(e.getKey().indexOf("-tag/") + 5),
                        e -> e.getValue().get(0)));
    }

    /** The requests docs/iam-policy.json refused, as "action arn". */
    public List<String> denied() {
        return List.copyOf(denied);
    }

    private List<Snapshot> snapshots(Kind kind) {
        return kind == Kind.INSTANCE ? snapshots : clusterSnapshots;
    }

    private synchronized String describeSnapshots(Kind kind, Map<String, String> p) {
        String id = p.get(kind.idParam);
        List<Snapshot> selected = snapshots(kind).stream().filter(s -> id == null || id.equals(s.id))
                .filter(s -> !p.containsKey(kind.ownerParam) || p.get(kind.ownerParam).equals(s.instance))
                .filter(s -> !p.containsKey("SnapshotType") || p.get("SnapshotType").equals(s.type)).toList();
        if (id != null && selected.isEmpty()) {
            throw new Failure(404, kind.notFound, kind.element + " " + id + " not found.");
        }
        StringBuilder xml = new StringBuilder("<").append(kind.element).append("s>");
        String marker = page(p, selected, s -> xml.append(s.xml(kind)));
        // a snapshot being made is available after snapshotDescribes describes of it
        if (id != null && "creating".equals(selected.get(0).status) && snapshotDescribesLeft.merge(id, -1, Integer::sum) <= 0) {
            snapshots(kind).replaceAll(s -> s.id.equals(id) ? s.withStatus("available") : s);
        }
        return xml.append("</").append(kind.element).append("s>").append(marker).toString();
    }

    private synchronized String createSnapshot(Kind kind, Map<String, String> p) {
        if (snapshotError != null) {
            throw new Failure(400, snapshotError, "The snapshot was refused: " + snapshotError);
        }
        Resource source = kind == Kind.INSTANCE ? existing(p.get(kind.ownerParam)) : existingCluster(p.get(kind.ownerParam));
        if (!"available".equals(source.status)) {
            throw new Failure(400, kind == Kind.INSTANCE ? "InvalidDBInstanceState" : "InvalidDBClusterStateFault",
                    source.id + " is " + source.status);
        }
        String id = p.get(kind.idParam);
        if (snapshots(kind).stream().anyMatch(s -> s.id.equals(id))) {
            throw new Failure(400, kind.element + "AlreadyExists", kind.element + " " + id + " already exists.");
        }
        Snapshot snapshot = new Snapshot(id, source.id, "manual", Instant.now(), "creating", tags(p));
        snapshots(kind).add(snapshot);
        snapshotDescribesLeft.put(id, snapshotDescribes);
        return snapshot.xml(kind);
    }

    private synchronized Snapshot existingSnapshot(Kind kind, String id) {
        return snapshots(kind).stream().filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new Failure(404, kind.notFound, kind.element + " " + id + " not found."));
    }

    private synchronized String shareSnapshot(Kind kind, Map<String, String> p) {
        Snapshot snapshot = existingSnapshot(kind, p.get(kind.idParam));
        if (!"restore".equals(p.get("AttributeName"))) {
            throw new Failure(400, "InvalidParameterValue", "AttributeName must be restore");
        }
        List<String> accounts = shared.computeIfAbsent(snapshot.id, k -> new ArrayList<>());
        p.entrySet().stream().filter(e -> e.getKey().startsWith("ValuesToAdd.")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> accounts.add(e.getValue()));
        return "<" + kind.element + "AttributesResult><" + kind.idParam + ">" + snapshot.id + "</" + kind.idParam + "></"
                + kind.element + "AttributesResult>";
    }

    private synchronized String deleteSnapshot(Kind kind, Map<String, String> p) {
        Snapshot snapshot = existingSnapshot(kind, p.get(kind.idParam));
        if (!"available".equals(snapshot.status)) {
            throw new Failure(400, "Invalid" + kind.element + "State", snapshot.id + " is " + snapshot.status);
        }
        snapshots(kind).remove(snapshot);
        return snapshot.withStatus("deleted").xml(kind);
    }

    private synchronized String describeInstances(Map<String, String> p) {
        if (describeInstancesError != null) {
            throw new Failure(403, describeInstancesError, "not authorized to perform rds:DescribeDBInstances");
        }
        String id = p.get("DBInstanceIdentifier");
        List<Instance> selected = new ArrayList<>();
        if (id != null) {
            selected.add(existing(id));
        } else {
            selected.addAll(instances.values());
        }
        StringBuilder xml = new StringBuilder("<DBInstances>");
        String marker = page(p, selected, i -> {
            xml.append(i.xml(endpointPort));
            i.advance();
            if (i.gone) {
                instances.remove(i.id);
            }
        });
        return xml.append("</DBInstances>").append(marker).toString();
    }

    /** Writes the request's page of {@code items}; returns the Marker element for the next page, or nothing on the last. */
    private <T> String page(Map<String, String> p, List<T> items, Consumer<T> write) {
        int from = p.containsKey("Marker") ? Integer.parseInt(p.get("Marker").substring("page-".length())) : 0;
        int size = p.containsKey("MaxRecords") ? Integer.parseInt(p.get("MaxRecords")) : pageSize;
        int to = Math.min(items.size(), from + size);
        items.subList(from, to).forEach(write);
        return to < items.size() ? "<Marker>page-" + to + "</Marker>" : "";
    }

    private String restore(Map<String, String> p) {
        if (restoreError != null) {
            throw new Failure(400, restoreError, "The restore was refused: " + restoreError);
        }
        String snapshot = p.get("DBSnapshotIdentifier");
        if (snapshots.stream().noneMatch(s -> s.id.equals(snapshot))) {
            throw new Failure(404, "DBSnapshotNotFound", "DBSnapshot " + snapshot + " not found.");
        }
        Instance instance;
        synchronized (this) {
            String id = p.get("DBInstanceIdentifier");
            if (instances.containsKey(id)) {
                throw new Failure(400, "DBInstanceAlreadyExists", "DB instance already exists");
            }
            instance = new Instance(id, "creating", tags(p));
            if (!neverAvailable) {
                instance.next.add("backing-up");
                instance.next.add("available");
            }
            instances.put(id, instance);
        }
        onRestore.accept(instance.id);
        return instance.xml(endpointPort);
    }

    private synchronized String modify(Map<String, String> p) {
        Instance instance = existing(p.get("DBInstanceIdentifier"));
        String newId = p.get("NewDBInstanceIdentifier");
        if (newId != null) {
            if (renameError != null && instance.id.startsWith(renameRefusedFor)) {
                throw new Failure(400, renameError, "The rename was refused: " + renameError);
            }
            if (instances.containsKey(newId)) {
                throw new Failure(400, "DBInstanceAlreadyExists", "DB instance " + newId + " already exists");
            }
            // as on AWS: the new name at once, the instance reboots meanwhile
            portOf(instance.id);
            instances.remove(instance.id);
            instance.id = newId;
            instances.put(newId, instance);
            instance.status = "renaming";
            instance.next.add("rebooting");
            instance.next.add("available");
        }
        if (p.containsKey("MasterUserPassword")) {
            onPasswordReset.accept(p.get("MasterUserPassword"));
            instance.status = "resetting-master-credentials";
            instance.next.add("available");
        }
        return instance.xml(endpointPort);
    }

    private String delete(Map<String, String> p) {
        if (deleteError != null) {
            throw new Failure(400, deleteError, "The delete was refused: " + deleteError);
        }
        Instance instance;
        synchronized (this) {
            instance = existing(p.get("DBInstanceIdentifier"));
            if ("deleting".equals(instance.status)) {
                throw new Failure(400, "InvalidDBInstanceState", "Instance " + instance.id + " is already being deleted.");
            }
            instance.status = "deleting";
            instance.next.clear();
            for (int i = 1; i < deletingDescribes; i++) {
                instance.next.add("deleting");
            }
            instance.next.add("gone");
        }
        onDelete.accept(instance.id);
        return instance.xml(endpointPort);
    }

    private synchronized String listTags(Map<String, String> p) {
        String arn = p.get("ResourceName");
        Instance instance = instances.values().stream().filter(i -> i.arn().equals(arn)).findFirst()
                .orElseThrow(() -> new Failure(404, "DBInstanceNotFound", "No DB instance for " + arn));
        return "<TagList>" + instance.tagsXml() + "</TagList>";
    }

    private synchronized String addTags(Map<String, String> p) {
        String arn = p.get("ResourceName");
        if (arn.contains(":cluster:")) {
            existingCluster(arn.substring(arn.lastIndexOf(':') + 1)).tags.putAll(tags(p));
            return "";
        }
        Instance instance = instances.values().stream().filter(i -> i.arn().equals(arn)).findFirst()
                .orElseThrow(() -> new Failure(404, "DBInstanceNotFound", "No DB instance for " + arn));
        instance.tags.putAll(tags(p));
        return "";
    }

    private synchronized String describeClusters(Map<String, String> p) {
        String id = p.get("DBClusterIdentifier");
        List<Cluster> selected = new ArrayList<>();
        if (id != null) {
            selected.add(existingCluster(id));
        } else {
            selected.addAll(clusters.values());
        }
        StringBuilder xml = new StringBuilder("<DBClusters>");
        String marker = page(p, selected, c -> {
            // time passes for the cluster's instances too: one being deleted is gone a describe later
            for (String member : c.members) {
                Instance instance = instances.get(member);
                if (instance != null && "deleting".equals(instance.status)) {
                    instance.advance();
                    if (instance.gone) {
                        instances.remove(member);
                    }
                }
            }
            xml.append(c.xml());
            c.advance();
            if (c.gone) {
                clusters.remove(c.id);
            }
        });
        return xml.append("</DBClusters>").append(marker).toString();
    }

    /** A cluster restored from a cluster snapshot, or cloned from a cluster ({@code from} names which parameter says what). */
    private String restoreCluster(Map<String, String> p, String from) {
        if (from.equals("SourceDBClusterIdentifier") && cloneError != null) {
            throw new Failure(400, cloneError, "The clone was refused: " + cloneError);
        }
        if (from.equals("SnapshotIdentifier") && restoreError != null) {
            throw new Failure(400, restoreError, "The restore was refused: " + restoreError);
        }
        String source = p.get(from);
        boolean known = from.equals("SnapshotIdentifier") ? clusterSnapshots.stream().anyMatch(s -> s.id.equals(source))
                : clusters.containsKey(source);
        if (!known) {
            throw new Failure(404, from.equals("SnapshotIdentifier") ? "DBClusterSnapshotNotFoundFault" : "DBClusterNotFoundFault",
                    source + " not found.");
        }
        Cluster cluster;
        synchronized (this) {
            String id = p.get("DBClusterIdentifier");
            if (clusters.containsKey(id)) {
                throw new Failure(400, "DBClusterAlreadyExistsFault", "DB cluster already exists");
            }
            cluster = new Cluster(id, "creating", tags(p));
            cluster.next.add("available");
            clusters.put(id, cluster);
        }
        onRestore.accept(cluster.id);
        return cluster.xml();
    }

    private synchronized String createInstance(Map<String, String> p) {
        String id = p.get("DBInstanceIdentifier");
        Cluster cluster = existingCluster(p.get("DBClusterIdentifier"));
        if (instances.containsKey(id)) {
            throw new Failure(400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        Instance instance = new Instance(id, "creating", tags(p));
        instance.cluster = cluster.id;
        if (!neverAvailable) {
            instance.next.add("available");
        }
        instances.put(id, instance);
        cluster.members.add(id);
        return instance.xml(endpointPort);
    }

    private synchronized String modifyCluster(Map<String, String> p) {
        Cluster cluster = existingCluster(p.get("DBClusterIdentifier"));
        String newId = p.get("NewDBClusterIdentifier");
        if (newId != null) {
            if (renameError != null && cluster.id.startsWith(renameRefusedFor)) {
                throw new Failure(400, renameError, "The rename was refused: " + renameError);
            }
            if (clusters.containsKey(newId)) {
                throw new Failure(400, "DBClusterAlreadyExistsFault", "DB cluster " + newId + " already exists");
            }
            portOfCluster(cluster.id);
            clusters.remove(cluster.id);
            cluster.id = newId;
            clusters.put(newId, cluster);
            cluster.members.forEach(m -> instances.get(m).cluster = newId);
            cluster.status = "renaming";
            cluster.next.add("available");
        }
        if (p.containsKey("MasterUserPassword")) {
            onPasswordReset.accept(p.get("MasterUserPassword"));
            cluster.status = "resetting-master-credentials";
            cluster.next.add("available");
        }
        return cluster.xml();
    }

    /** As on AWS: a cluster that still has instances is refused; it goes on the describe after the delete. */
    private String deleteCluster(Map<String, String> p) {
        if (deleteError != null) {
            throw new Failure(400, deleteError, "The delete was refused: " + deleteError);
        }
        Cluster cluster;
        synchronized (this) {
            cluster = existingCluster(p.get("DBClusterIdentifier"));
            if (!cluster.members.isEmpty()) {
                throw new Failure(400, "InvalidDBClusterStateFault", "Cluster cannot be deleted, it still contains DB instances"
                        + " in non-deleting state.");
            }
            cluster.status = "deleting";
            cluster.next.clear();
            cluster.next.add("gone");
        }
        return cluster.xml();
    }

    private Cluster existingCluster(String id) {
        Cluster cluster = clusters.get(id);
        if (cluster == null) {
            throw new Failure(404, "DBClusterNotFoundFault", "DBCluster " + id + " not found.");
        }
        return cluster;
    }

    private Instance existing(String id) {
        Instance instance = instances.get(id);
        if (instance == null) {
            throw new Failure(404, "DBInstanceNotFound", "DBInstance " + id + " not found.");
        }
        return instance;
    }

    private static Map<String, String> tags(Map<String, String> p) {
        Map<Integer, String[]> byIndex = new java.util.TreeMap<>();
        p.forEach((key, value) -> {
            Matcher m = TAG.matcher(key);
            if (m.matches()) {
                String[] kv = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new String[2]);
                kv[m.group(2).equals("Key") ? 0 : 1] = value;
            }
        });
        Map<String, String> tags = new LinkedHashMap<>();
        byIndex.values().forEach(kv -> tags.put(kv[0], kv[1]));
        return tags;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static void error(HttpExchange http, int status, String code, String message) throws IOException {
        respond(http, status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static void respond(HttpExchange http, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        http.getResponseHeaders().add("Content-Type", "text/xml");
        http.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Snapshot(String id, String instance, String type, Instant created, String status, Map<String, String> tags) {
        Snapshot(String id, String instance, String type, Instant created, String status) {
            this(id, instance, type, created, status, Map.of());
        }

        Snapshot withStatus(String next) {
            return new Snapshot(id, instance, type, created, next, tags);
        }

        String xml(Kind kind) {
            StringBuilder xml = new StringBuilder("<").append(kind.element).append("><").append(kind.idParam).append(">").append(id)
                    .append("</").append(kind.idParam).append("><").append(kind.ownerParam).append(">").append(instance)
                    .append("</").append(kind.ownerParam).append("><SnapshotCreateTime>").append(created)
                    .append("</SnapshotCreateTime><Status>").append(status).append("</Status><PercentProgress>")
                    .append("available".equals(status) ? 100 : 40).append("</PercentProgress><SnapshotType>").append(type)
                    .append("</SnapshotType><Engine>").append(kind.engine).append("</Engine><TagList>");
            tags.forEach((k, v) -> xml.append("<Tag><Key>").append(k).append("</Key><Value>").append(v).append("</Value></Tag>"));
            return xml.append("</TagList></").append(kind.element).append(">").toString();
        }
    }

    /** Instance snapshots and cluster snapshots: the same calls with other names. */
    private enum Kind {
        INSTANCE("DBSnapshot", "DBSnapshotIdentifier", "DBInstanceIdentifier", "DBSnapshotNotFound", "mysql"),
        CLUSTER("DBClusterSnapshot", "DBClusterSnapshotIdentifier", "DBClusterIdentifier", "DBClusterSnapshotNotFoundFault", "aurora-mysql");

        final String element;
        final String idParam;
        final String ownerParam;
        final String notFound;
        final String engine;

        Kind(String element, String idParam, String ownerParam, String notFound, String engine) {
            this.element = element;
            this.idParam = idParam;
            this.ownerParam = ownerParam;
            this.notFound = notFound;
            this.engine = engine;
        }
    }

    private final class Cluster extends Resource {
        final List<String> members = new CopyOnWriteArrayList<>();

        Cluster(String id, String status, Map<String, String> tags) {
            super(id, status, tags);
        }

        String xml() {
            StringBuilder xml = new StringBuilder("<DBCluster><DBClusterIdentifier>").append(id).append("</DBClusterIdentifier>")
                    .append("<Status>").append(status).append("</Status><Engine>aurora-mysql</Engine><MasterUsername>")
                    .append(masterUsername).append("</MasterUsername><Endpoint>127.0.0.1</Endpoint><Port>").append(endpointPort)
                    .append("</Port><LatestRestorableTime>").append(Instant.now().minusSeconds(300)).append("</LatestRestorableTime>")
                    .append("<DBClusterArn>arn:aws:rds:eu-west-1:123456789012:cluster:").append(id).append("</DBClusterArn>")
                    .append("<DBClusterMembers>");
            members.forEach(m -> xml.append("<DBClusterMember><DBInstanceIdentifier>").append(m)
                    .append("</DBInstanceIdentifier><IsClusterWriter>true</IsClusterWriter></DBClusterMember>"));
            return xml.append("</DBClusterMembers><TagList>").append(tagsXml()).append("</TagList></DBCluster>").toString();
        }
    }

    private static final class Failure extends RuntimeException {
        final int status;
        final String code;

        Failure(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** An instance or a cluster: its status moves one step along {@code next} at each describe; "gone" removes it. */
    private abstract static class Resource {
        /** Renamed by ModifyDBInstance NewDBInstanceIdentifier. */
        String id;
        final Map<String, String> tags;
        final Deque<String> next = new ArrayDeque<>();
        String status;
        boolean gone;

        Resource(String id, String status, Map<String, String> tags) {
            this.id = id;
            this.status = status;
            this.tags = tags;
        }

        void advance() {
            String upcoming = next.poll();
            if ("gone".equals(upcoming)) {
                gone = true;
            } else if (upcoming != null) {
                status = upcoming;
            }
        }

        String tagsXml() {
            StringBuilder xml = new StringBuilder();
            tags.forEach((k, v) -> xml.append("<Tag><Key>").append(k).append("</Key><Value>").append(v).append("</Value></Tag>"));
            return xml.toString();
        }
    }

    private final class Instance extends Resource {
        /** The Aurora cluster it belongs to, or null. */
        String cluster;
        /** The port its endpoint answers on; 0: the fake's endpoint port. */
        int port;

        Instance(String id, String status, Map<String, String> tags) {
            super(id, status, tags);
        }

        String arn() {
            return "arn:aws:rds:eu-west-1:123456789012:db:" + id;
        }

        @Override
        void advance() {
            super.advance();
            if (gone && cluster != null && clusters.containsKey(cluster)) {
                clusters.get(cluster).members.remove(id);
            }
        }

        String xml(int fallbackPort) {
            int port = this.port > 0 ? this.port : fallbackPort;
            String endpoint = "available".equals(status) || status.startsWith("resetting")
                    ? "<Endpoint><Address>127.0.0.1</Address><Port>" + port + "</Port></Endpoint>" : "";
            return "<DBInstance><DBInstanceIdentifier>" + id + "</DBInstanceIdentifier><DBInstanceClass>db.t3.micro"
                    + "</DBInstanceClass><Engine>mysql</Engine><DBInstanceStatus>" + status + "</DBInstanceStatus>"
                    + "<MasterUsername>" + masterUsername + "</MasterUsername>" + endpoint + "<DBInstanceArn>" + arn() + "</DBInstanceArn>"
                    + (cluster == null ? "" : "<DBClusterIdentifier>" + cluster + "</DBClusterIdentifier>")
                    + "<TagList>" + tagsXml() + "</TagList></DBInstance>";
        }
    }
}
