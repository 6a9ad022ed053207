package snapmask.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

/** The snapmask.mail.* keys: checked at start; the SMTP login goes to Camel's smtp component. */
public final class MailSettings {

    private MailSettings() {
    }

    /** SMTP login stays out of the route text, so the password never shows in an endpoint URI or a log line. */
    public static Void configure(CamelContext context, Settings settings) {
        String port = settings.string("snapmask.mail.port");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            settings.problem(new ConfigurationException("snapmask.mail.port", "is '" + port + "', not a port number"), null);
        }
        for (String key : java.util.List.of("snapmask.mail.from", "snapmask.mail.to")) {
            String addresses = settings.optional(key).orElse("");
            try {
                if (jakarta.mail.internet.InternetAddress.parse(addresses, true).length == 0) {
                    settings.problem(new ConfigurationException(key, "is empty; give at least one e-mail address"), null);
                }
            } catch (jakarta.mail.internet.AddressException e) {
                settings.problem(new ConfigurationException(key, "is '" + addresses + "', not a comma-separated list of e-mail addresses: "
                        + e.getMessage()), null);
            }
        }
        MailComponent smtp = context.getComponent("smtp", MailComponent.class);
        settings.optional("snapmask.mail.user").ifPresent(user -> {
            smtp.getConfiguration().setUsername(user);
            smtp.getConfiguration().setPassword(settings.secret("snapmask.mail.password"));
        });
        return null;
    }
}
