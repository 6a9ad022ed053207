package snapmask;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;
import snapmask.kpi.KpiBook;
import snapmask.kpi.KpiHistory;
import snapmask.kpi.KpiSettings;
import snapmask.kpi.MetabaseSync;
import snapmask.load.AnalyticsLoader;
import snapmask.load.AnalyticsScripts;
import snapmask.load.LoadSettings;
import snapmask.local.LocalSource;
import snapmask.mask.Masker;
import snapmask.mask.MaskingSettings;
import snapmask.ops.FailureMail;
import snapmask.ops.LastRunCheck;
import snapmask.ops.MailOutbox;
import snapmask.ops.MailSettings;
import snapmask.ops.RefreshJob;
import snapmask.rds.CopyPromotion;
import snapmask.rds.CopyScrub;
import snapmask.rds.RdsSettings;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;
import snapmask.run.RunLifecycle;
import snapmask.run.RunLock;
import snapmask.run.Schedule;
import snapmask.run.StepGate;
import snapmask.watch.DatabaseTarget;
import snapmask.watch.FreshnessTarget;
import snapmask.watch.Watch;
import snapmask.watch.WatchSettings;
import snapmask.watch.WatchTarget;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Builds the beans the routes name (source, masker, leakCheck, loader, runLedger, runLifecycle,
 * failureMail, analyticsServer, watch, watchMail) from config/application.properties. Wrong settings stop the start with a
 * message that names the key.
 */
public class SnapmaskBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        settings.rejectUnknownKeys(System.getenv());
        var registry = context.getRegistry();
        MySqlServer analytics = settings.attempt(() -> MySqlServer.from(settings, "snapmask.analytics"));
        String analyticsDb = settings.attempt(() -> LoadSettings.analyticsDatabase(settings));
        // the one clock: every time snapmask reads (run and step times, deadlines, the watch, the mails)
        Clock clock = Clock.systemUTC();
        bind(registry, "clock", clock);
        RunLedger ledger = new RunLedger(analytics == null ? null : new RunLock(analytics, analyticsDb), clock);
        bind(registry, "source", settings.attempt(() -> source(context, settings, analytics, analyticsDb, clock, ledger)));
        CopyScrub scrub = new CopyScrub(clock);
        bind(registry, "scrub", scrub);
        Masker masker = settings.attempt(() -> MaskingSettings.masker(settings));
        bind(registry, "masker", masker);
        bind(registry, "leakCheck", settings.attempt(() -> MaskingSettings.leakCheck(settings)));
        bind(registry, "loader", settings.attempt(() -> LoadSettings.loader(settings, analytics, analyticsDb).stopWhen(ledger::abortRequested)));
        bind(registry, "analyticsServer", settings.attempt(() -> analytics.dataSource(null)));
        bind(registry, "biAccount", settings.attempt(() -> LoadSettings.biAccount(settings, analytics, analyticsDb)));
        RunHistory history = settings.attempt(() -> RunHistory.from(settings, analytics, analyticsDb));
        bind(registry, "runHistory", history);
        settings.duration("snapmask.history.retry-interval");
        bind(registry, "promotion", settings.attempt(() -> new CopyPromotion(scrub, history, analytics, analyticsDb,
                server -> LoadSettings.biAccount(settings, server, analyticsDb), clock)));
        bind(registry, "analyticsScripts", settings.attempt(() -> new AnalyticsScripts(
                settings.optional("snapmask.analytics.scripts").map(Path::of).orElse(null), analytics, analyticsDb)));
        KpiBook kpiBook = settings.attempt(() -> KpiSettings.book(settings));
        KpiHistory kpiHistory = settings.attempt(() -> KpiSettings.history(settings, analytics, history.schema(), clock));
        bind(registry, "kpiHistory", kpiHistory);
        bind(registry, "kpis", settings.attempt(() -> KpiSettings.meter(settings, kpiBook, analytics,
                AnalyticsLoader.stagingDatabase(analyticsDb), kpiHistory)));
        bind(registry, "metabase", settings.attempt(() -> MetabaseSync.from(settings, analyticsDb)));
        bind(registry, "runLedger", ledger);
        bind(registry, "failureMail", new FailureMail(settings.string("snapmask.job.name"),
                settings.optional("snapmask.logs").orElseGet(FailureMail::logFile)));
        DatabaseTarget analyticsCheck = settings.attempt(() -> WatchSettings.analytics(settings, analytics));
        Watch watch = settings.attempt(() -> WatchSettings.watch(settings, analyticsCheck,
                () -> Schedule.describe(context, settings, ledger), clock));
        bind(registry, "watch", watch);
        bind(registry, "watchMail", settings.attempt(() -> WatchSettings.mail(settings)));
        settings.duration("snapmask.mail.retry-interval");
        bind(registry, "outbox", new MailOutbox(Path.of(settings.string("snapmask.mail.outbox")), clock));
        settings.attempt(() -> RdsSettings.outputs(settings));
        settings.attempt(() -> Schedule.validate(settings));
        settings.attempt(() -> MailSettings.configure(context, settings));
        settings.failIfProblems();

        RunLifecycle lifecycle = new RunLifecycle(ledger, history, watch::refreshSucceeded);
        registry.bind("runLifecycle", lifecycle);
        context.getManagementStrategy().addEventNotifier(lifecycle.events());
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

    private static Object source(CamelContext context, Settings settings, MySqlServer analytics, String analyticsDb, Clock clock,
                                 RunLedger ledger) {
        String kind = settings.string("snapmask.source");
        return switch (kind) {
            case "rds", "aurora" -> RdsSettings.source(context, settings, clock, ledger::stopReason);
            case "local" -> LocalSource.from(settings, analytics, analyticsDb, clock);
            default -> throw new ConfigurationException("snapmask.source", "is '" + kind + "', must be local, rds or aurora");
        };
    }
}
