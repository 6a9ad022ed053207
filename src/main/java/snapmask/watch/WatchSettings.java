package snapmask.watch;

import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Builds the watch from the snapmask.watch.* keys. Each target named in snapmask.watch.targets is
 * an HTTP health URL or a database: {@code analytics} is the analytics server unless given its own
 * URL; any other name needs snapmask.watch.&lt;name&gt;.url (http(s):// or jdbc:mysql://).
 */
public final class WatchSettings {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    /** The ids of the other health checks in group snapmask: a target is a health check by its name. */
    private static final Set<String> RESERVED = new LinkedHashSet<>(List.of(FreshnessTarget.NAME, "last-run", "aws2-rds"));

    private WatchSettings() {
    }

    /**
     * The watch; {@code analytics} is the check of the analytics server (a target named analytics without
     * a URL of its own is that very check), {@code schedule} describes the refresh schedule for the freshness alert.
     */
    public static Watch watch(Settings settings, DatabaseTarget analytics, Supplier<String> schedule, Clock clock) {
        Duration connect = positive(settings, "snapmask.watch.connect-timeout");
        Duration read = positive(settings, "snapmask.watch.read-timeout");
        positive(settings, "snapmask.watch.interval");
        List<WatchTarget> targets = new ArrayList<>();
        for (String name : names(settings)) {
            targets.add(target(settings, name, analytics, connect, read));
        }
        WatchState state = WatchState.load(Path.of(settings.string("snapmask.watch.state-file")),
                clock.instant());
        Duration freshness = settings.duration("snapmask.watch.freshness");
        if (!freshness.isZero()) {
            targets.add(new FreshnessTarget(freshness, state, schedule, clock));
        }
        return new Watch(targets, settings.integer("snapmask.watch.failures", 1, 1000),
                settings.duration("snapmask.watch.initializing-grace"),
                settings.duration("snapmask.watch.reminder"), state, clock);
    }

    /** The analytics server checked as the watch checks it: a health check whether the watch runs or not. */
    public static DatabaseTarget analytics(Settings settings, MySqlServer analytics) {
        return new DatabaseTarget("analytics", analytics, positive(settings, "snapmask.watch.connect-timeout"),
                positive(settings, "snapmask.watch.read-timeout"));
    }

    public static WatchMail mail(Settings settings) {
        return new WatchMail(settings.duration("snapmask.watch.reminder"));
    }

    private static Set<String> names(Settings settings) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : settings.optional("snapmask.watch.targets").orElse("").split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
                throw new ConfigurationException("snapmask.watch.targets", "names '" + name + "'; a target name is 1-40 lower-case"
                        + " letters, digits, - or _, and " + String.join(", ", RESERVED) + " are the names of snapmask's own health checks");
            }
            if (!names.add(name)) {
                throw new ConfigurationException("snapmask.watch.targets", "names '" + name + "' twice");
            }
        }
        return names;
    }

    private static WatchTarget target(Settings settings, String name, DatabaseTarget analytics, Duration connect, Duration read) {
        String key = "snapmask.watch." + name + ".url";
        var url = settings.optional(key);
        if (url.isEmpty() && name.equals(analytics.name())) {
            return analytics;
        }
        if (url.isEmpty()) {
            throw new ConfigurationException(key, "is missing: snapmask.watch.targets names '" + name + "', so it needs a health URL"
                    + " (http://host:3000/api/health) or a database URL (jdbc:mysql://host:3306/)");
        }
        if (url.get().startsWith("jdbc:")) {
            return new DatabaseTarget(name, MySqlServer.from(settings, "snapmask.watch." + name), connect, read);
        }
        try {
            URI uri = new URI(url.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url.get(), "not an http(s) URL with a host");
            }
            return new HttpHealthTarget(name, uri, connect, read);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(key, "is '" + url.get() + "', not an http(s):// or jdbc:mysql:// URL: " + e.getReason());
        }
    }

    private static Duration positive(Settings settings, String key) {
        Duration d = settings.duration(key);
        if (d.isZero()) {
            throw new ConfigurationException(key, "is 0; it must be longer than that");
        }
        return d;
    }
}
