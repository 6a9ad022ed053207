package snapmask.kpi;

import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The keys of KPIs and checks before the swap: snapmask.kpi.*, snapmask.checks.*; checked at start. */
public final class KpiSettings {

    private KpiSettings() {
    }

    public static KpiBook book(Settings settings) {
        try {
            return settings.optional("snapmask.kpi.file").map(f -> KpiBook.load(Path.of(f))).orElseGet(KpiBook::empty);
        } catch (KpiBookException e) {
            throw new ConfigurationException("snapmask.kpi.file", "names a KPI file snapmask cannot use: " + e.getMessage());
        }
    }

    public static KpiHistory history(Settings settings, MySqlServer analytics, String historySchema, Clock clock) {
        int days = settings.integer("snapmask.kpi.retention-days", 0, 100_000);
        return new KpiHistory(analytics, historySchema, Duration.ofDays(days), clock);
    }

    public static KpiMeter meter(Settings settings, KpiBook book, MySqlServer analytics, String staging, KpiHistory history) {
        int shrink = settings.integer("snapmask.checks.table-shrink-percent", 0, 100);
        long minRows = settings.integer("snapmask.checks.table-min-rows", 0, Integer.MAX_VALUE);
        Duration timeout = settings.duration("snapmask.kpi.query-timeout");
        if (timeout.toSeconds() < 1) {
            throw new ConfigurationException("snapmask.kpi.query-timeout", "is shorter than a second");
        }
        return new KpiMeter(book, analytics, staging, history, minRows, BigDecimal.valueOf(shrink), timeout);
    }
}
