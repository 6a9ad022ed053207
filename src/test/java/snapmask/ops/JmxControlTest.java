package snapmask.ops;

import org.junit.jupiter.api.Test;
import snapmask.testing.TestApp;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ops stop and start the schedule over JMX; a stopped schedule does not fire. */
class JmxControlTest {

    @Test
    void the_schedule_route_stops_and_starts_through_the_platform_mbean_server() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_jmx", null);
        settings.put("snapmask.schedule.enabled", "true");
        settings.put("snapmask.schedule.cron", "0/1 * * * * ?");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (TestApp app = TestApp.start(settings)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !app.ledger().recent().isEmpty());
            Set<ObjectName> names = jmx.queryNames(new ObjectName("org.apache.camel:context=*,type=routes,name=\"refresh-schedule\""), null);
            assertThat(names).hasSize(1);
            ObjectName route = names.iterator().next();

            jmx.invoke(route, "stop", null, null);
            assertThat(jmx.getAttribute(route, "State")).isEqualTo("Stopped");
            await().atMost(Duration.ofSeconds(60)).until(() -> app.ledger().current() == null);
            int stoppedAt = app.ledger().recent().size();
            Thread.sleep(3_000);
            assertThat(app.ledger().recent()).as("no run while stopped").hasSize(stoppedAt);

            jmx.invoke(route, "start", null, null);
            assertThat(jmx.getAttribute(route, "State")).isEqualTo("Started");
            await().atMost(Duration.ofSeconds(30)).until(() -> app.ledger().recent().size() > stoppedAt);
        }
    }
}
