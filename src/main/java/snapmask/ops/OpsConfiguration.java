package snapmask.ops;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.spi.Registry;
import snapmask.run.RunHistory;
import snapmask.run.RunLedger;

import java.time.Clock;
import java.util.List;

/**
 * What ops meet: the failure mail and its outbox, the JMX job (start, stop, run now, status), the
 * last run as a health check, and with snapmask.http.port the HTTP health and metrics.
 */
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
        PrometheusMeterRegistry metrics = registry.findSingleByType(PrometheusMeterRegistry.class);
        for (MeterBinder jvm : List.<MeterBinder>of(new JvmMemoryMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics())) {
            jvm.bindTo(metrics);
        }
        HttpSettings http = registry.findSingleByType(HttpSettings.class);
        if (http.port().isPresent()) {
            // the server Camel's platform-http routes (routes/http.camel.yaml) are served by
            VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
            server.setBindHost(http.host());
            server.setBindPort(http.port().get());
            context.addService(new VertxPlatformHttpServer(server));
            registry.bind("http", new HealthAndMetrics(context, metrics));
        }
    }
}
