package snapmask.watch;

import org.apache.camel.Exchange;

import java.time.Duration;

/**
 * Writes the watch's mails. The subject alone tells the news (what, DOWN or back UP, for how long);
 * the body what was checked, the last answer, since when, and where to look next.
 */
public class WatchMail {

    private final Duration reminder;

    public WatchMail(Duration reminder) {
        this.reminder = reminder;
    }

    public void compose(Exchange exchange) {
        WatchAlert alert = exchange.getMessage().getBody(WatchAlert.class);
        exchange.setProperty(WatchAlert.PROPERTY, alert);
        exchange.getMessage().setHeader("Subject", subject(alert));
        exchange.getMessage().setBody(body(alert));
    }

    static String subject(WatchAlert a) {
        String what = a.target().equals(FreshnessTarget.NAME) ? "no successful refresh" : a.target();
        return switch (a.kind()) {
            case DOWN -> a.target().equals(FreshnessTarget.NAME)
                    ? "snapmask watch: STALE DATA, " + a.lastAnswer().replaceFirst(";.*", "")
                    : "snapmask watch: " + what + " is DOWN";
            case REMINDER -> "snapmask watch: " + what + " still DOWN, for " + duration(Duration.between(a.since(),
                    java.time.Instant.now()));
            case RECOVERED -> a.target().equals(FreshnessTarget.NAME)
                    ? "snapmask watch: refresh succeeded again"
                    : "snapmask watch: " + what + " is back UP after " + duration(Duration.between(a.since(), a.until()));
        };
    }

    String body(WatchAlert a) {
        StringBuilder b = new StringBuilder();
        switch (a.kind()) {
            case DOWN, REMINDER -> {
                b.append("ACTION NEEDED: ").append(a.target()).append(a.target().equals(FreshnessTarget.NAME)
                        ? " is stale: analytics has not been refreshed in time."
                        : " is down.").append("\n\n");
                b.append("Target:      ").append(a.target()).append('\n');
                b.append("Checked:     ").append(a.checks()).append('\n');
                b.append("Down since:  ").append(a.since()).append(" (first failed check)\n");
                b.append("Failed:      ").append(a.failures()).append(" checks in a row\n");
                b.append("Last answer: ").append(a.lastAnswer()).append('\n');
                b.append("\nYou get one more mail when it is back up");
                b.append(reminder.isZero() ? ", and no reminders in between.\n"
                        : ", and a reminder every " + duration(reminder) + " while it stays down.\n");
            }
            case RECOVERED -> {
                b.append(a.target()).append(" is back up.\n\n");
                b.append("Target:      ").append(a.target()).append('\n');
                b.append("Checked:     ").append(a.checks()).append('\n');
                b.append("Down from:   ").append(a.since()).append('\n');
                b.append("Up again:    ").append(a.until()).append('\n');
                b.append("Downtime:    ").append(duration(Duration.between(a.since(), a.until()))).append('\n');
                b.append("Answer now:  ").append(a.lastAnswer()).append('\n');
            }
        }
        b.append("\nWhat to do: docs/runbook.md, section \"Watch alerts\".\n");
        return b.toString();
    }

    /** 2 h 5 min, 3 min 20 s, 800 ms: what a person reads at a glance. */
    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 10 && d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86400 + " d" + (s % 86400 / 3600 == 0 ? "" : " " + s % 86400 / 3600 + " h");
    }
}
