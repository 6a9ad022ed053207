package snapmask.ops;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.spi.Registry;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;

import java.time.Clock;

/** What ops meet: the failure mail and its outbox, the JMX job (start, stop, run now, status), the last run as a health check. */
public class OpsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        MailSettings mail = registry.findSingleByType(MailSettings.class);
        registry.bind("failureMail", new FailureMail(mail.jobName(), mail.logs()));
        registry.bind("outbox", new MailOutbox(mail.outbox(), registry.findSingleByType(Clock.class)));
        // the SMTP login stays out of the route text, so the password never shows in an endpoint URI or a log line
        mail.user().ifPresent(user -> {
            MailComponent smtp = context.getComponent("smtp", MailComponent.class);
            smtp.getConfiguration().setUsername(user);
            smtp.getConfiguration().setPassword(mail.password());
        });
        RefreshJob job = new RefreshJob(context, registry.findSingleByType(RunLedger.class), registry.findSingleByType(RunHistory.class));
        context.addService(job);
        registry.bind("lastRunCheck", new LastRunCheck(job));
    }
}
