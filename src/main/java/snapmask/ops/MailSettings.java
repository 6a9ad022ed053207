package snapmask.ops;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What ops are told and how it reaches them: snapmask.job.name and snapmask.logs (named in every
 * failure mail) and snapmask.mail.* (routes/alerts.camel.yaml sends through them).
 */
public record MailSettings(String jobName, String logs, Optional<String> user, String password, Path outbox,
                           Duration retryInterval) {

    public static MailSettings from(Settings s) {
        s.string("snapmask.mail.host");
        String port = s.string("snapmask.mail.port");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            s.problem(new ConfigurationException("snapmask.mail.port", "is '" + port + "', not a port number"), null);
        }
        for (String key : List.of("snapmask.mail.from", "snapmask.mail.to")) {
            String addresses = s.optional(key).orElse("");
            try {
                if (InternetAddress.parse(addresses, true).length == 0) {
                    s.problem(new ConfigurationException(key, "is empty; give at least one e-mail address"), null);
                }
            } catch (AddressException e) {
                s.problem(new ConfigurationException(key, "is '" + addresses + "', not a comma-separated list of e-mail addresses: "
                        + e.getMessage()), null);
            }
        }
        return new MailSettings(s.string("snapmask.job.name"), s.optional("snapmask.logs").orElseGet(FailureMail::logFile),
                s.optional("snapmask.mail.user"), s.secret("snapmask.mail.password"), Path.of(s.string("snapmask.mail.outbox")),
                s.duration("snapmask.mail.retry-interval"));
    }
}
