package snapmask.ops;

import org.junit.jupiter.api.Tag;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service and a run-once of one install share the outbox: what one keeps, the other never
 * overwrites, and a kept mail goes out in one sending pass at a time.
 */
@Tag("fast")
class MailOutboxTest {

    @TempDir
    Path dir;

    @Test
    void one_sending_pass_at_a_time_and_no_kept_mail_overwrites_another() throws Exception {
        Path directory = dir.resolve("outbox");
        Clock sameMillisecond = Clock.fixed(Instant.parse("2026-11-26T03:00:00Z"), ZoneOffset.UTC);
        MailOutbox service = new MailOutbox(directory, sameMillisecond);
        MailOutbox runOnce = new MailOutbox(directory, sameMillisecond);
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CamelContext camel = new DefaultCamelContext()) {
            service.keep(mail(camel, "snapmask refresh: FAILED in step load"));
            runOnce.keep(mail(camel, "snapmask refresh: FAILED in step mask"));
            assertThat(Files.list(directory)).as("one file per mail, only mails").hasSize(2)
                    .allMatch(f -> f.getFileName().toString().endsWith(".mail"));

            // a lambda, not a RouteBuilder subclass: snapmask's start-up scans its packages for those
            RouteBuilder.addRoutes(camel, routes -> {
                routes.from("direct:service-pass").bean(service, "owed").process(e -> {
                    inPass.countDown();
                    release.await(10, TimeUnit.SECONDS);
                });
                routes.from("direct:run-once-pass").bean(runOnce, "owed");
            });
            camel.start();
            CompletableFuture<Object> servicePass = CompletableFuture.supplyAsync(
                    () -> camel.createProducerTemplate().requestBody("direct:service-pass", (Object) null));
            assertThat(inPass.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(camel.createProducerTemplate().requestBody("direct:run-once-pass", (Object) null, List.class))
                    .as("nothing to send while the service's pass holds the outbox").isEmpty();

            release.countDown();
            assertThat((List<?>) servicePass.get(10, TimeUnit.SECONDS)).hasSize(2);
            assertThat(camel.createProducerTemplate().requestBody("direct:run-once-pass", (Object) null, List.class))
                    .as("the outbox is free again once that pass is over").hasSize(2);
        }
        assertThat(Files.list(directory)).as("the lock lives beside the outbox").hasSize(2);
    }

    private static Exchange mail(CamelContext camel, String subject) {
        Exchange mail = new DefaultExchange(camel);
        mail.getMessage().setHeader("Subject", subject);
        mail.getMessage().setBody("Run:        20261126-030000-abcd\n");
        return mail;
    }
}
