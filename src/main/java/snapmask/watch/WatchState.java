package snapmask.watch;

import snapmask.config.ConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The watch's memory in a small properties file (snapmask.watch.state-file), written after every
 * change by replacing the file, so a restart neither repeats an alert nor forgets one that is owed.
 * It also holds the time of the last successful refresh, which the freshness check reads. Another
 * snapmask process of the same install (a run-once beside the service) records its success in the
 * same file, so that time is always the newer of this process's and the file's, read and written.
 */
final class WatchState {

    private final Path file;
    private final Map<String, TargetState> targets = new TreeMap<>();
    private volatile Instant lastRefreshSuccess;
    private Instant watchingSince;

    private WatchState(Path file) {
        this.file = file;
    }

    static WatchState load(Path file, Instant now) {
        WatchState state = new WatchState(file);
        if (!Files.exists(file)) {
            state.watchingSince = now;
            return state;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigurationException("snapmask.watch.state-file", "names " + file + ", which cannot be read: " + e.getMessage());
        }
        state.watchingSince = state.time(p, "watch.since");
        if (state.watchingSince == null) {
            state.watchingSince = now;
        }
        state.lastRefreshSuccess = state.time(p, "refresh.last-success");
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("target.") && key.endsWith(".failures")) {
                String name = key.substring("target.".length(), key.length() - ".failures".length());
                state.targets.put(name, state.read(p, "target." + name + "."));
            }
        }
        return state;
    }

    private TargetState read(Properties p, String prefix) {
        TargetState t = new TargetState();
        try {
            t.failures = Integer.parseInt(p.getProperty(prefix + "failures", "0"));
            t.pending = TargetState.Pending.valueOf(p.getProperty(prefix + "pending", "NONE"));
        } catch (IllegalArgumentException e) {
            throw broken(prefix + "failures/pending", e.getMessage());
        }
        t.down = Boolean.parseBoolean(p.getProperty(prefix + "down", "false"));
        t.firstFailureAt = time(p, prefix + "first-failure");
        t.startingSince = time(p, prefix + "starting-since");
        t.downSince = time(p, prefix + "down-since");
        t.recoveredAt = time(p, prefix + "recovered");
        t.lastMailAt = time(p, prefix + "last-mail");
        t.lastAnswer = p.getProperty(prefix + "last-answer");
        return t;
    }

    private Instant time(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw broken(key, "is '" + value + "', not a UTC time such as 2026-11-25T03:00:00Z");
        }
    }

    private ConfigurationException broken(String key, String problem) {
        return new ConfigurationException("snapmask.watch.state-file", "names " + file + ", whose " + key + " " + problem
                + "; correct it, or delete the file to start the watch afresh");
    }

    TargetState of(String target) {
        return targets.computeIfAbsent(target, n -> new TargetState());
    }

    Instant lastRefreshSuccess() {
        Instant onFile = lastRefreshSuccessOnFile();
        if (onFile != null && (lastRefreshSuccess == null || onFile.isAfter(lastRefreshSuccess))) {
            lastRefreshSuccess = onFile;
        }
        return lastRefreshSuccess;
    }

    /** What another process may have written since this one read the file; a file being replaced or broken counts as nothing new. */
    private Instant lastRefreshSuccessOnFile() {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return time(p, "refresh.last-success");
        } catch (IOException | ConfigurationException e) {
            return null;
        }
    }

    void lastRefreshSuccess(Instant when) {
        lastRefreshSuccess = when;
    }

    Instant watchingSince() {
        return watchingSince;
    }

    void save() {
        Properties p = new Properties();
        put(p, "watch.since", watchingSince);
        put(p, "refresh.last-success", lastRefreshSuccess());
        targets.forEach((name, t) -> {
            String prefix = "target." + name + ".";
            p.setProperty(prefix + "failures", String.valueOf(t.failures));
            p.setProperty(prefix + "down", String.valueOf(t.down));
            p.setProperty(prefix + "pending", t.pending.name());
            put(p, prefix + "first-failure", t.firstFailureAt);
            put(p, prefix + "starting-since", t.startingSince);
            put(p, prefix + "down-since", t.downSince);
            put(p, prefix + "recovered", t.recoveredAt);
            put(p, prefix + "last-mail", t.lastMailAt);
            if (t.lastAnswer != null) {
                p.setProperty(prefix + "last-answer", t.lastAnswer);
            }
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp)) {
                p.store(out, "snapmask watch state: written by snapmask, safe to delete when snapmask is stopped");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the watch state file " + file + " (snapmask.watch.state-file): "
                    + e.getMessage(), e);
        }
    }

    private static void put(Properties p, String key, Instant value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }
}
