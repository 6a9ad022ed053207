package snapmask;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;
import snapmask.load.AnalyticsLoader;
import snapmask.load.BiAccount;
import snapmask.load.TableCopier;
import snapmask.local.LocalSource;
import snapmask.mask.HashKey;
import snapmask.mask.LeakCheck;
import snapmask.mask.Masker;
import snapmask.mask.MaskingHooks;
import snapmask.mask.MaskingRulesException;
import snapmask.mask.SchemaGuard;
import snapmask.ops.FailureMail;
import snapmask.ops.LastRunCheck;
import snapmask.ops.MailOutbox;
import snapmask.ops.MailSettings;
import snapmask.ops.RefreshJob;
import snapmask.rds.RdsSettings;
import snapmask.rds.AuroraSource;
import snapmask.rds.RdsSource;
import snapmask.rds.component.Aws2RdsConfiguration;
import snapmask.rds.component.Aws2RdsHealthCheck;
import snapmask.rds.component.RdsClients;
import software.amazon.awssdk.services.rds.RdsClient;
import snapmask.run.AbortOnStop;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;
import snapmask.run.RunLock;
import snapmask.run.Schedule;
import snapmask.run.StepGate;
import snapmask.run.StepTracker;
import snapmask.watch.DatabaseTarget;
import snapmask.watch.FreshnessTarget;
import snapmask.watch.Watch;
import snapmask.watch.WatchSettings;
import snapmask.watch.WatchTarget;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds the beans the routes name (source, masker, leakCheck, loader, runLedger, failureMail,
 * analyticsServer, watch, watchMail) from config/application.properties. Wrong settings stop the start with a
 * message that names the key.
 */
public class SnapmaskBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        settings.rejectUnknownKeys(System.getenv());
        var registry = context.getRegistry();
        MySqlServer analytics = settings.attempt(() -> MySqlServer.from(settings, "snapmask.analytics"));
        String analyticsDb = settings.attempt(() -> analyticsDatabase(settings));
        RunLedger ledger = new RunLedger(analytics == null ? null : new RunLock(analytics, analyticsDb));
        bind(registry, "source", settings.attempt(() -> source(context, settings, analytics, analyticsDb)));
        Masker masker = settings.attempt(() -> masker(settings));
        bind(registry, "masker", masker);
        bind(registry, "leakCheck", settings.attempt(() -> new LeakCheck(masker, new SchemaGuard(settings.bool("snapmask.masking.strict"),
                settings.integer("snapmask.masking.guard-sample-rows", 0, 1_000_000)))));
        bind(registry, "loader", settings.attempt(() -> loader(settings, analytics, analyticsDb).stopWhen(ledger::abortRequested)));
        bind(registry, "analyticsServer", settings.attempt(() -> analytics.dataSource(null)));
        bind(registry, "biAccount", settings.attempt(() -> biAccount(settings, analytics, analyticsDb)));
        RunHistory history = settings.attempt(() -> new RunHistory(analytics, historySchema(settings, analyticsDb),
                Path.of(settings.string("snapmask.history.script"))));
        bind(registry, "runLedger", ledger);
        bind(registry, "runHistory", history);
        bind(registry, "failureMail", new FailureMail(settings.string("snapmask.job.name"),
                settings.optional("snapmask.logs").orElseGet(FailureMail::logFile)));
        DatabaseTarget analyticsCheck = settings.attempt(() -> WatchSettings.analytics(settings, analytics));
        Watch watch = settings.attempt(() -> WatchSettings.watch(settings, analyticsCheck,
                () -> Schedule.describe(context, settings, ledger), Clock.systemUTC()));
        bind(registry, "watch", watch);
        bind(registry, "watchMail", settings.attempt(() -> WatchSettings.mail(settings)));
        settings.duration("snapmask.mail.retry-interval");
        bind(registry, "outbox", new MailOutbox(Path.of(settings.string("snapmask.mail.outbox")), Clock.systemUTC()));
        settings.attempt(() -> Schedule.validate(settings));
        settings.attempt(() -> MailSettings.configure(context, settings));
        settings.failIfProblems();

        StepTracker steps = new StepTracker();
        bind(registry, "stepTracker", steps);
        context.getManagementStrategy().addEventNotifier(steps);
        context.getManagementStrategy().addEventNotifier(new AbortOnStop(ledger));
        context.getCamelContextExtension().addInterceptStrategy(new StepGate(ledger));
        RefreshJob job = new RefreshJob(context, ledger, history);
        try {
            context.addService(job);
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the refresh job to the context: " + e.getMessage(), e);
        }
        // Camel's health registry picks up HealthCheck beans from the registry. The watch's targets are
        // health checks: the analytics server and the freshness always, the others while the watch runs.
        registry.bind("lastRunCheck", new LastRunCheck(job));
        registry.bind("analyticsCheck", analyticsCheck);
        boolean watching = settings.bool("snapmask.watch.enabled");
        for (WatchTarget target : watch.targets()) {
            if (target != analyticsCheck && (watching || target.name().equals(FreshnessTarget.NAME))) {
                registry.bind(target.name() + "Check", target);
            }
        }
    }

    private static void bind(org.apache.camel.spi.Registry registry, String name, Object bean) {
        if (bean != null) {
            registry.bind(name, bean);
        }
    }

    private static String analyticsDatabase(Settings settings) {
        String analyticsDb = settings.identifier("snapmask.analytics.database");
        if (analyticsDb.length() > 45) {
            throw new ConfigurationException("snapmask.analytics.database", "is longer than 45 characters; snapmask adds"
                    + " __snapmask_staging to it and MySQL names end at 64");
        }
        return analyticsDb;
    }

    private static Masker masker(Settings settings) {
        String hashSecret = settings.secret("snapmask.masking.hash-key");
        HashKey hashKey;
        try {
            hashKey = hashSecret.isEmpty() ? null : new HashKey(hashSecret);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("snapmask.masking.hash-key", e.getMessage());
        }
        try {
            return new Masker(Path.of(settings.string("snapmask.masking.rules")), hashKey,
                    new MaskingHooks(Path.of(settings.string("snapmask.masking.hooks"))));
        } catch (MaskingRulesException e) {
            throw new ConfigurationException("snapmask.masking.rules", "names rules snapmask cannot use: " + e.getMessage());
        }
    }

    private static AnalyticsLoader loader(Settings settings, MySqlServer analytics, String analyticsDb) {
        String method = settings.string("snapmask.load.method");
        if (!method.equals("load-data") && !method.equals("insert")) {
            throw new ConfigurationException("snapmask.load.method", "is '" + method + "', must be load-data or insert");
        }
        return new AnalyticsLoader(analytics, analyticsDb,
                settings.integer("snapmask.load.threads", 1, 16), settings.integer("snapmask.load.batch-size", 1, 100_000),
                method.equals("insert") ? TableCopier.Method.INSERT : TableCopier.Method.LOAD_DATA);
    }

    private static BiAccount biAccount(Settings settings, MySqlServer analytics, String analyticsDb) {
        String user = settings.optional("snapmask.analytics.bi-user").orElse("");
        if (!user.isEmpty() && !user.matches("[A-Za-z0-9_.-]{1,80}")) {
            throw new ConfigurationException("snapmask.analytics.bi-user", "is '" + user + "', must be letters, digits, _ . or -");
        }
        String host = settings.string("snapmask.analytics.bi-host");
        if (!host.matches("[A-Za-z0-9_.%:-]{1,255}")) {
            throw new ConfigurationException("snapmask.analytics.bi-host", "is '" + host + "', not a host name, address or pattern");
        }
        return new BiAccount(analytics, analyticsDb, user, host, user.isEmpty() ? "" : settings.secret("snapmask.analytics.bi-password"));
    }

    /** The history lives beside analytics but never in it, so the swap cannot take it away. */
    private static String historySchema(Settings settings, String analyticsDb) {
        String schema = settings.string("snapmask.history.schema");
        if (!schema.matches("[A-Za-z0-9_]{1,64}")) {
            throw new ConfigurationException("snapmask.history.schema", "is '" + schema + "', must be 1-64 letters, digits or _");
        }
        if (schema.equals(analyticsDb) || schema.startsWith(analyticsDb + "__snapmask")) {
            throw new ConfigurationException("snapmask.history.schema", "is '" + schema + "', which the load of analytics database '"
                    + analyticsDb + "' replaces; use a schema of its own");
        }
        return schema;
    }

    private static Object source(CamelContext context, Settings settings, MySqlServer analytics, String analyticsDb) {
        String kind = settings.string("snapmask.source");
        if (kind.equals("rds") || kind.equals("aurora")) {
            RdsSettings rds = RdsSettings.from(settings);
            Aws2RdsConfiguration client = new Aws2RdsConfiguration();
            client.setRegion(rds.region());
            rds.endpointOverride().ifPresent(url -> {
                client.setOverrideEndpoint(true);
                client.setUriEndpointOverride(url);
            });
            rds.accessKeyId().ifPresent(key -> {
                client.setUseDefaultCredentialsProvider(false);
                client.setAccessKey(key);
                client.setSecretKey(rds.secretAccessKey());
            });
            client.setMaxAttempts(rds.maxAttempts());
            // one client for all aws2-rds endpoints; they find it in the registry
            RdsClient rdsClient = RdsClients.build(client);
            context.getRegistry().bind("rdsClient", rdsClient);
            // Camel's health registry picks it up: JMX, `snapmask health`
            context.getRegistry().bind("rdsCheck", new Aws2RdsHealthCheck("snapmask", rdsClient));
            return rds.aurora() ? new AuroraSource(rds, context) : new RdsSource(rds, context);
        }
        if (!kind.equals("local")) {
            throw new ConfigurationException("snapmask.source", "is '" + kind + "', must be local, rds or aurora");
        }
        MySqlServer server = MySqlServer.from(settings, "snapmask.local");
        String database = settings.identifier("snapmask.local.database");
        if (server.where().equals(analytics.where()) && (database.equals(analyticsDb)
                || database.startsWith(analyticsDb + "__snapmask"))) {
            throw new ConfigurationException("snapmask.analytics.database", "is '" + analyticsDb + "' on the same server as"
                    + " the source database '" + database + "' (snapmask.local.database); the load would overwrite production");
        }
        return new LocalSource(server, database);
    }
}
