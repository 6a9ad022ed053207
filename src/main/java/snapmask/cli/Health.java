package snapmask.cli;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code snapmask health [host:port]}: exit 0 when healthy, 1 when not. With the address of a
 * running service's JMX port it reports that service's Camel health checks (routes, last run,
 * analytics); without, it runs snapmask's own checks from here (last run from the history,
 * analytics reachable), which suits a monitoring agent on another machine.
 */
public final class Health {

    private Health() {
    }

    public static int local(Map<String, String> overrides, PrintStream out) {
        try (Application app = Application.start(overrides)) {
            // the route checks (Camel's group) describe a service; here only snapmask's own and its
            // component's (aws2-rds) mean something
            Predicate<HealthCheck> routes = check -> "camel".equals(check.getGroup());
            Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(app.camel(), routes);
            boolean healthy = true;
            for (HealthCheck.Result result : results) {
                healthy &= result.getState() == HealthCheck.State.UP;
                out.printf("%-5s %-22s %s%n", result.getState(), result.getCheck().getId(), result.getMessage().orElse(""));
            }
            out.println(healthy ? "healthy" : "UNHEALTHY");
            return healthy ? 0 : 1;
        } catch (Exception e) {
            var wrong = Commands.configurationProblem(e);
            out.println("UNHEALTHY: " + (wrong != null ? wrong.getMessage() : e.getMessage()));
            return wrong != null ? 2 : 1;
        }
    }

    public static int remote(String hostPort, String user, String password, PrintStream out) {
        try (JmxClient client = JmxClient.connect(hostPort, user, password)) {
            MBeanServerConnection server = client.connection();
            Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=*,type=health,*"), null);
            if (names.isEmpty()) {
                out.println("UNHEALTHY: no Camel health MBean at " + hostPort);
                return 1;
            }
            ObjectName health = names.iterator().next();
            TabularData details = (TabularData) server.invoke(health, "details", null, null);
            for (Object row : details.values()) {
                CompositeData check = (CompositeData) row;
                out.printf("%-5s %-22s %s%n", check.get("state"), check.get("id"), check.get("message") == null ? ""
                        : check.get("message"));
            }
            boolean healthy = (Boolean) server.getAttribute(health, "Healthy");
            out.println(healthy ? "healthy" : "UNHEALTHY");
            return healthy ? 0 : 1;
        } catch (Exception e) {
            out.println("UNHEALTHY: cannot ask " + hostPort + ": " + e.getMessage());
            return 1;
        }
    }
}
