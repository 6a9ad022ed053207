package snapmask.cli;

import snapmask.ops.FailureMail;
import snapmask.ops.RefreshJob;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code snapmask jmx <host:port> status|run-now}: the job's MBean from a shell, for ops without
 * jconsole. User controlRole unless SNAPMASK_JMX_USER says otherwise; the password from
 * SNAPMASK_JMX_PASSWORD or asked for.
 */
public final class JmxClient implements AutoCloseable {

    static final List<String> ATTRIBUTES = List.of("Status", "LastRunId", "LastRunStart", "LastRunEnd", "LastRunResult",
            "LastRunFailedStep", "LastRunRows", "Schedule", "NextFireTime");

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName job;

    private JmxClient(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
        this.job = RefreshJob.objectName(server);
    }

    public static JmxClient connect(String hostPort, String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
        Map<String, Object> env = password == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
        return new JmxClient(JMXConnectorFactory.connect(url, env));
    }

    public MBeanServerConnection connection() {
        return server;
    }

    /** SNAPMASK_JMX_USER, or controlRole. */
    static String user() {
        return System.getenv().getOrDefault("SNAPMASK_JMX_USER", "controlRole");
    }

    /** SNAPMASK_JMX_PASSWORD, else asked on the terminal; null (no login) when neither is there. */
    static String password() {
        String password = System.getenv("SNAPMASK_JMX_PASSWORD");
        Console console = System.console();
        if (password == null && console != null) {
            char[] typed = console.readPassword("JMX password for %s: ", user());
            password = typed == null ? "" : new String(typed);
        }
        return password;
    }

    public Object attribute(String name) throws Exception {
        return server.getAttribute(job, name);
    }

    /** Starts a run; returns its id. A refusal comes back as an exception with snapmask's message. */
    public String runNow() throws Exception {
        return (String) server.invoke(job, "runNow", null, null);
    }

    public void printStatus(PrintStream out) throws Exception {
        for (String name : ATTRIBUTES) {
            out.printf("%-18s %s%n", name, attribute(name));
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }

    static int run(String address, Commands.JmxOperation operation, PrintStream out) {
        try (JmxClient client = connect(address, user(), password())) {
            switch (operation) {
                case run_now -> out.println("started run " + client.runNow());
                case pause -> out.println("schedule " + client.server.invoke(client.job, "pauseSchedule", null, null));
                case resume -> out.println("schedule " + client.server.invoke(client.job, "resumeSchedule", null, null));
                case status -> client.printStatus(out);
            }
            return 0;
        } catch (Exception e) {
            Throwable root = FailureMail.rootCause(e);
            out.println("snapmask jmx " + operation.name().replace('_', '-') + " on " + address + " failed: " + root.getMessage());
            return 1;
        }
    }
}
