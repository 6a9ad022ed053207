package snapmask.cli;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import snapmask.rds.component.Aws2RdsException;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import snapmask.source.Snapshot;
import snapmask.run.RunContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailComponent;
import snapmask.load.AnalyticsLoader;
import snapmask.mask.Masker;
import snapmask.schema.SchemaReader;
import snapmask.watch.Probe;
import snapmask.watch.Watch;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import snapmask.config.Settings;
import snapmask.kpi.KpiBook;
import snapmask.kpi.KpiMeter;
import java.util.Properties;

/**
 * {@code snapmask check}: is everything snapmask needs there? The configuration (checked at start),
 * the analytics server, the source (database, or AWS credentials and the newest snapshot), the
 * masking rules against the schema, SMTP, and the watch targets. It only reads and connects.
 */
public final class Check {

    private Check() {
    }

    private interface Item {
        String run() throws Exception;
    }

    public static int run(Map<String, String> overrides, PrintStream out) {
        Application started;
        try {
            started = Application.start(overrides);
        } catch (Exception e) {
            var wrong = Commands.configurationProblem(e);
            out.println("FAIL  configuration     " + (wrong != null ? wrong.getMessage() : e.getMessage()));
            return 2;
        }
        try (Application app = started) {
            out.println("OK    configuration     " + Settings.file());
            int failed = 0;
            failed += item(out, "analytics server", () -> analytics(app));
            failed += item(out, "source", () -> source(app));
            failed += item(out, "aws permissions", () -> awsPermissions(app));
            if (app.property("snapmask.output").contains("snapshot")) {
                failed += item(out, "snapshot output", () -> snapshotOutput(app));
            }
            if (app.property("snapmask.output").contains("promote")) {
                failed += item(out, "promote output", () -> promoteOutput(app));
            }
            failed += item(out, "masking rules", () -> rules(app));
            KpiMeter kpis = app.bean(KpiMeter.class);
            for (KpiBook.Kpi kpi : kpis.book().kpis()) {
                failed += item(out, "kpi " + kpi.name(), () -> kpi(app, kpis, kpi));
            }
            failed += item(out, "smtp", () -> smtp(app));
            Watch watch = app.bean(Watch.class);
            // the service would not watch anything: probing the targets would only report what nobody asked for
            Map<String, Probe> probes = Boolean.parseBoolean(app.property("snapmask.watch.enabled"))
                    ? watch.probeOnce() : Map.of();
            if (probes.isEmpty()) {
                item(out, "watch", () -> "not checked: snapmask.watch.enabled is false");
            }
            for (Map.Entry<String, Probe> probe : probes.entrySet()) {
                failed += item(out, "watch " + probe.getKey(), () -> {
                    if (probe.getValue().outcome() == Probe.Outcome.DOWN) {
                        throw new IllegalStateException(probe.getValue().detail());
                    }
                    return probe.getValue().outcome() + ": " + probe.getValue().detail();
                });
            }
            out.println(failed == 0 ? "\nall checks passed; nothing was changed" : "\n" + failed + " check(s) failed; nothing was changed");
            return failed == 0 ? 0 : 1;
        }
    }

    private static int item(PrintStream out, String name, Item item) {
        try {
            String result = item.run();
            out.printf("%-5s %-17s %s%n", result.startsWith("not checked") ? "SKIP" : "OK", name, result);
            return 0;
        } catch (Exception e) {
            String message = String.valueOf(e.getMessage());
            out.printf("FAIL  %-17s %s%n", name, message.contains("\n") ? message.substring(0, message.indexOf('\n')) : message);
            return 1;
        }
    }

    /** A KPI's query on analytics (yesterday's data and summaries), timed: what a dashboard card asks. */
    private static String kpi(Application app, KpiMeter kpis, KpiBook.Kpi kpi) throws Exception {
        AnalyticsLoader loader = app.bean(AnalyticsLoader.class);
        try (Connection c = connectTo(loader.server())) {
            if (!new SchemaReader(c).databaseExists(loader.database())) {
                return "not checked: " + loader.database() + " does not exist yet (the first run creates it)";
            }
            c.setCatalog(loader.database());
            long started = System.nanoTime();
            java.util.Map<String, java.math.BigDecimal> value = kpis.read(c, kpi);
            return KpiMeter.shown(value, kpi.unit()) + " in " + (System.nanoTime() - started) / 1_000_000 + " ms on " + loader.database();
        }
    }

    private static String analytics(Application app) throws Exception {
        AnalyticsLoader loader = app.bean(AnalyticsLoader.class);
        try (Connection c = connectTo(loader.server()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT VERSION(), @@local_infile, USER()")) {
            r.next();
            String version = r.getString(1);
            boolean localInfile = r.getInt(2) == 1;
            String user = r.getString(3);
            boolean exists = new SchemaReader(c).databaseExists(loader.database());
            return version + " at " + loader.server().where() + " as " + user + " over " + tls(s) + "; database "
                    + loader.database() + (exists ? " exists" : " does not exist yet (the first run creates it)")
                    + (localInfile ? "; local_infile ON (fast load)" : "; local_infile OFF: loads fall back to INSERT, which is"
                    + " slower; set local_infile=1 on the server (on RDS: in its DB parameter group) to load faster");
        }
    }

    /**
     * The reads every run makes before the snapshot (the sweep of leftovers), which the source check
     * does not: a policy without them fails each night at sweep-leftovers. The restore, modify, tag and
     * delete calls would act, so they are named, not tried.
     */
    private static String awsPermissions(Application app) {
        String source = app.property("snapmask.source");
        if (source.equals("local")) {
            return "not checked: snapmask.source is local";
        }
        Map<String, Object> reads = new java.util.LinkedHashMap<>();
        reads.put("describeDBInstances", DescribeDbInstancesRequest.builder().maxRecords(20).build());
        if (source.equals("aurora")) {
            reads.put("describeDBClusters", DescribeDbClustersRequest.builder().maxRecords(20).build());
        }
        List<String> refused = new java.util.ArrayList<>();
        var template = app.camel().createProducerTemplate();
        for (Map.Entry<String, Object> read : reads.entrySet()) {
            try {
                template.requestBody("aws2-rds:check?pojoRequest=true&operation=" + read.getKey(), read.getValue());
            } catch (org.apache.camel.CamelExecutionException e) {
                String code = e.getCause() instanceof Aws2RdsException rds ? rds.errorCode() : String.valueOf(e.getCause().getMessage());
                refused.add(iamAction(read.getKey()) + " (" + code + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("refused: " + String.join(", ", refused) + "; every run would fail at sweep-leftovers:"
                    + " grant what docs/iam-policy.json lists");
        }
        String actions = reads.keySet().stream().map(Check::iamAction).collect(java.util.stream.Collectors.joining(", "));
        return actions + " answered; the calls that restore, modify, tag and delete are not tried (they would act):"
                + " docs/iam-policy.json lists them";
    }

    /**
     * snapmask.output=snapshot: the sanitized snapshots there are, read; the calls that make, share
     * and delete them would act, so they are named, not tried.
     */
    private static String snapshotOutput(Application app) {
        boolean aurora = app.property("snapmask.source").equals("aurora");
        String prefix = app.property("snapmask.rds.instance-prefix") + "-sanitized-";
        var template = app.camel().createProducerTemplate();
        long kept;
        try {
            kept = aurora
                    ? template.requestBody("aws2-rds:check?pojoRequest=true&operation=describeDBClusterSnapshots",
                    DescribeDbClusterSnapshotsRequest.builder().snapshotType("manual").build(), DescribeDbClusterSnapshotsResponse.class)
                    .dbClusterSnapshots().stream().filter(x -> x.dbClusterSnapshotIdentifier().startsWith(prefix)).count()
                    : template.requestBody("aws2-rds:check?pojoRequest=true&operation=describeDBSnapshots",
                    DescribeDbSnapshotsRequest.builder().snapshotType("manual").build(), DescribeDbSnapshotsResponse.class)
                    .dbSnapshots().stream().filter(x -> x.dbSnapshotIdentifier().startsWith(prefix)).count();
        } catch (org.apache.camel.CamelExecutionException e) {
            String code = e.getCause() instanceof Aws2RdsException rds ? rds.errorCode() : String.valueOf(e.getCause().getMessage());
            throw new IllegalStateException("refused: " + iamAction(aurora ? "describeDBClusterSnapshots" : "describeDBSnapshots")
                    + " (" + code + "); the prune of old sanitized snapshots would fail: grant what docs/iam-policy.json lists");
        }
        String shareWith = app.property("snapmask.snapshot.share-with").trim();
        String kind = aurora ? "DBClusterSnapshot" : "DBSnapshot";
        return kept + " sanitized snapshot(s) " + prefix + "* now, the newest " + app.property("snapmask.snapshot.keep")
                + " kept" + (shareWith.isEmpty() ? ", not shared" : ", shared with " + shareWith) + "; rds:Create" + kind
                + (shareWith.isEmpty() ? "" : ", rds:Modify" + kind + "Attribute") + ", rds:Delete" + kind
                + " are not tried (they would act): docs/iam-policy.json lists them";
    }

    /**
     * snapmask.output=promote: the analytics instance is there and available, and snapmask.analytics.url
     * uses its endpoint name (which moves to the copy with the rename); the renames are named, not tried.
     */
    private static String promoteOutput(Application app) {
        String name = app.property("snapmask.promote.instance");
        boolean aurora = app.property("snapmask.source").equals("aurora");
        var template = app.camel().createProducerTemplate();
        String status;
        String endpoint;
        try {
            if (aurora) {
                var cluster = template.requestBody("aws2-rds:check?pojoRequest=true&operation=describeDBClusters",
                        DescribeDbClustersRequest.builder().dbClusterIdentifier(name).build(),
                        software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse.class).dbClusters().get(0);
                status = cluster.status();
                endpoint = cluster.endpoint();
            } else {
                DBInstance instance = template.requestBody("aws2-rds:check?pojoRequest=true&operation=describeDBInstances",
                        DescribeDbInstancesRequest.builder().dbInstanceIdentifier(name).build(), DescribeDbInstancesResponse.class)
                        .dbInstances().get(0);
                status = instance.dbInstanceStatus();
                endpoint = instance.endpoint() == null ? null : instance.endpoint().address();
            }
        } catch (org.apache.camel.CamelExecutionException e) {
            String code = e.getCause() instanceof Aws2RdsException rds ? rds.errorCode() : String.valueOf(e.getCause().getMessage());
            throw new IllegalStateException("the analytics " + (aurora ? "cluster " : "instance ") + name
                    + " (snapmask.promote.instance) cannot be described: " + code);
        }
        String url = app.property("snapmask.analytics.url");
        if (endpoint != null && !url.contains("//" + endpoint + ":") && !url.contains("//" + endpoint + "/")) {
            throw new IllegalStateException("snapmask.analytics.url (" + url + ") does not use " + name + "'s endpoint name " + endpoint
                    + ": after a promotion it would still reach the old instance; use the endpoint name");
        }
        return name + " is " + status + (endpoint == null ? "" : " at " + endpoint) + "; rds:Modify" + (aurora ? "DBCluster" : "DBInstance")
                + " (the renames) and rds:AddTagsToResource are not tried (they would act): docs/iam-policy.json lists them";
    }

    /** The IAM action an aws2-rds operation needs: describeDBInstances is rds:DescribeDBInstances. */
    private static String iamAction(String operation) {
        return "rds:" + Character.toUpperCase(operation.charAt(0)) + operation.substring(1);
    }

    private static String tls(Statement s) throws java.sql.SQLException {
        try (ResultSet r = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            String version = r.next() ? r.getString(2) : "";
            return version == null || version.isEmpty() ? "an unencrypted connection" : version;
        }
    }

    private static Connection connectTo(snapmask.config.MySqlServer server) {
        try {
            return server.connect(null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot connect to " + server.where() + " as " + server.user() + " ("
                    + server.name() + ".url/.user/.password/.ssl-mode/.ssl-ca): " + e.getMessage(), e);
        }
    }

    private static String rules(Application app) throws Exception {
        Masker masker = app.bean(Masker.class);
        Plan.SchemaSource schema = Plan.SchemaSource.of(app);
        try (Connection c = schema.server().connect(null)) {
            if (!new SchemaReader(c).databaseExists(schema.database())) {
                return "not checked: " + schema.database() + " does not exist yet on " + schema.server().where();
            }
            var plan = masker.plan(new SchemaReader(c), schema.database());
            return plan.rules().file() + " fits " + schema.database() + " (" + plan.tables().size() + " table(s) with rules)";
        }
    }

    /** Connects and says hello, sends nothing. */
    private static String smtp(Application app) throws Exception {
        var config = app.camel().getComponent("smtp", MailComponent.class).getConfiguration();
        var settings = app.camel().getPropertiesComponent();
        String host = settings.resolveProperty("snapmask.mail.host").orElse("localhost");
        int port = Integer.parseInt(settings.resolveProperty("snapmask.mail.port").orElse("25").strip());
        Properties props = new Properties();
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.auth", String.valueOf(config.getUsername() != null));
        try (Transport transport = Session.getInstance(props).getTransport("smtp")) {
            transport.connect(host, port, config.getUsername(), config.getPassword());
            return host + ":" + port + " accepts connections" + (config.getUsername() == null ? "" : " and the login")
                    + "; mails go to " + settings.resolveProperty("snapmask.mail.to").orElse("?");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException("cannot talk to " + host + ":" + port + " (snapmask.mail.host/port/user): "
                    + e.getMessage(), e);
        }
    }

    /** What a run would start from: the source's find-snapshot step on a probe run, which proves credentials and names. */
    private static String source(Application app) {
        RunContext probe = new RunContext("check", app.bean(java.time.Clock.class));
        Exchange done = app.camel().createProducerTemplate().send("direct:source-find-snapshot",
                e -> e.setProperty(RunContext.PROPERTY, probe));
        if (done.getException() != null) {
            throw new IllegalStateException(done.getException().getMessage(), done.getException());
        }
        Snapshot snapshot = done.getMessage().getBody(Snapshot.class);
        return "a run would start from " + snapshot.id() + " of " + snapshot.sourceName() + " (" + snapshot.createdAt() + ")";
    }
}
