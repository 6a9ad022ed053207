package snapmask.watch;

import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the watch's mails say. The subject alone tells the news (what, DOWN or back UP, for how long);
 * the body what was checked, the last answer, since when, and where to look next. The text is laid
 * out by the templates snapmask/mail/watch-down.txt and watch-up.txt in the route.
 */
public class WatchMail {

    private final Duration reminder;

    public WatchMail(Duration reminder) {
        this.reminder = reminder;
    }

    /**
     * What a watch mail says, as the values routes/bi-watch.camel.yaml puts into the template
     * snapmask/mail/watch-down.txt (DOWN, REMINDER) or watch-up.txt (RECOVERED): {@code subject},
     * {@code kind} and the body's parts.
     */
    public Map<String, String> facts(Exchange exchange) {
        WatchAlert a = exchange.getMessage().getBody(WatchAlert.class);
        exchange.setProperty(WatchAlert.PROPERTY, a);
        boolean freshness = a.target().equals(FreshnessTarget.NAME);
        Map<String, String> mail = new LinkedHashMap<>();
        mail.put("subject", subject(a));
        mail.put("kind", a.kind().name());
        mail.put("target", a.target());
        mail.put("state", freshness ? "is stale: analytics has not been refreshed in time." : "is down.");
        mail.put("checks", a.checks());
        mail.put("since", String.valueOf(a.since()));
        mail.put("until", String.valueOf(a.until()));
        mail.put("downtime", a.until() == null ? "" : duration(Duration.between(a.since(), a.until())));
        mail.put("failures", String.valueOf(a.failures()));
        mail.put("lastAnswer", a.lastAnswer());
        mail.put("reminders", reminder.isZero() ? ", and no reminders in between."
                : ", and a reminder every " + duration(reminder) + " while it stays down.");
        return mail;
    }

    static String subject(WatchAlert a) {
        String what = a.target().equals(FreshnessTarget.NAME) ? "no successful refresh" : a.target();
        if (a.target().equals(PairTarget.NAME) && a.kind() != WatchAlert.Kind.REMINDER) {
            return a.kind() == WatchAlert.Kind.DOWN ? "snapmask watch: " + a.lastAnswer().replaceFirst(":.*", "")
                    : "snapmask watch: the pair is whole again after " + duration(Duration.between(a.since(), a.until()));
        }
        return switch (a.kind()) {
            case DOWN -> a.target().equals(FreshnessTarget.NAME)
                    ? "snapmask watch: STALE DATA, " + a.lastAnswer().replaceFirst(";.*", "")
                    : "snapmask watch: " + what + " is DOWN";
            case REMINDER -> "snapmask watch: " + what + " still DOWN, for " + duration(Duration.between(a.since(), a.at()));
            case RECOVERED -> a.target().equals(FreshnessTarget.NAME)
                    ? "snapmask watch: refresh succeeded again"
                    : "snapmask watch: " + what + " is back UP after " + duration(Duration.between(a.since(), a.until()));
        };
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
