package snapmask.watch;

import snapmask.config.ConfigurationException;
import snapmask.config.MySqlServer;
import snapmask.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The snapmask.watch.* keys. Each target named in snapmask.watch.targets is an HTTP health URL or a
 * database: {@code analytics} is the analytics server unless given its own URL; any other name needs
 * snapmask.watch.&lt;name&gt;.url (http(s):// or jdbc:mysql://).
 */
public record WatchSettings(boolean enabled, Duration connectTimeout, Duration readTimeout, List<Target> targets, Path stateFile,
                            Duration freshness, int failures, Duration initializingGrace, Duration reminder) {

    /** A target: its health URL, or its database; neither for the analytics server checked as snapmask checks it. */
    public record Target(String name, Optional<URI> health, Optional<MySqlServer> database) {
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
    /** The ids of the other health checks in group snapmask: a target is a health check by its name. */
    private static final Set<String> RESERVED = new LinkedHashSet<>(List.of(FreshnessTarget.NAME, PairTarget.NAME, "last-run", "aws2-rds"));

    public static WatchSettings from(Settings s) {
        positive(s, "snapmask.watch.interval");
        List<Target> targets = new ArrayList<>();
        for (String name : names(s)) {
            target(s, name).ifPresent(targets::add);
        }
        return new WatchSettings(s.bool("snapmask.watch.enabled"), positive(s, "snapmask.watch.connect-timeout"),
                positive(s, "snapmask.watch.read-timeout"), targets, Path.of(s.string("snapmask.watch.state-file")),
                s.duration("snapmask.watch.freshness"), s.integer("snapmask.watch.failures", 1, 1000),
                s.duration("snapmask.watch.initializing-grace"), s.duration("snapmask.watch.reminder"));
    }

    private static Set<String> names(Settings s) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : s.optional("snapmask.watch.targets").orElse("").split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
                s.problem(new ConfigurationException("snapmask.watch.targets", "names '" + name + "'; a target name is 1-40 lower-case"
                        + " letters, digits, - or _, and " + String.join(", ", RESERVED) + " are the names of snapmask's own health checks"), null);
            } else if (!names.add(name)) {
                s.problem(new ConfigurationException("snapmask.watch.targets", "names '" + name + "' twice"), null);
            }
        }
        return names;
    }

    private static Optional<Target> target(Settings s, String name) {
        String key = "snapmask.watch." + name + ".url";
        Optional<String> url = s.optional(key);
        if (url.isEmpty() && name.equals(DatabaseTarget.ANALYTICS)) {
            return Optional.of(new Target(name, Optional.empty(), Optional.empty()));
        }
        if (url.isEmpty()) {
            return s.problem(new ConfigurationException(key, "is missing: snapmask.watch.targets names '" + name + "', so it needs a"
                    + " health URL (http://host:3000/api/health) or a database URL (jdbc:mysql://host:3306/)"), Optional.empty());
        }
        if (url.get().startsWith("jdbc:")) {
            return Optional.of(new Target(name, Optional.empty(), Optional.of(MySqlServer.from(s, "snapmask.watch." + name))));
        }
        try {
            URI uri = new URI(url.get());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url.get(), "not an http(s) URL with a host");
            }
            return Optional.of(new Target(name, Optional.of(uri), Optional.empty()));
        } catch (URISyntaxException e) {
            return s.problem(new ConfigurationException(key, "is '" + url.get() + "', not an http(s):// or jdbc:mysql:// URL: "
                    + e.getReason()), Optional.empty());
        }
    }

    private static Duration positive(Settings s, String key) {
        Duration d = s.duration(key);
        return d.isZero() ? s.problem(new ConfigurationException(key, "is 0; it must be longer than that"), Duration.ofSeconds(1)) : d;
    }
}
