package snapmask.cli;

import org.apache.camel.util.ObjectHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import snapmask.Snapmask;
import snapmask.config.ConfigurationException;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line (picocli, as Camel's own CLI): which way snapmask runs. Exit codes are mapped
 * here for every command: 0 done, 1 failed, 2 a wrong configuration or command line, 3 a run skipped
 * because another refresh into the same analytics database was running. A run stopped by SIGTERM
 * ends with the JVM's own 143 (128 + 15) after its shutdown hooks recorded it ABORTED: a hook
 * cannot choose another code without halting the JVM before Camel has stopped.
 */
@Command(name = "snapmask", mixinStandardHelpOptions = true, version = "snapmask 0.1.0",
        description = "A fresh, PII-free copy of production for your dashboards, every night.",
        footer = {"", "Settings: config/application.properties, or the file named by SNAPMASK_CONFIG.",
                "Exit codes: 0 done, 1 failed, 2 wrong configuration or command line,",
                "3 run-once skipped because another refresh into the same analytics database ran,",
                "143 stopped by SIGTERM (the run is recorded and mailed as ABORTED)."},
        subcommands = CommandLine.HelpCommand.class)
public final class Commands implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Commands.class);

    /** The operations of {@code jmx}. */
    enum JmxOperation { status, run_now, pause, resume }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Commands()).setOut(out).setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            ConfigurationException wrong = configurationProblem(failure);
            if (wrong == null) {
                throw failure;
            }
            // one message, no stack trace: the wrong setting is all ops need
            LOG.error("snapmask cannot start: {}", wrong.getMessage());
            command.getErr().println("snapmask cannot start: " + wrong.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    /** The configuration problem behind a failed start, however deep Camel wrapped it; null when there is none. */
    static ConfigurationException configurationProblem(Throwable failure) {
        return ObjectHelper.getException(ConfigurationException.class, failure);
    }

    /** Without a command: the service. */
    @Override
    public Integer call() throws Exception {
        return service();
    }

    @Command(name = "service", description = "Run the schedule (and the watch) until stopped; the default.")
    int service() throws Exception {
        Snapmask.create(Map.of()).run();
        return 0;
    }

    @Command(name = "run-once", description = {"Do one refresh now and exit.",
            "0 on success, 1 on failure, 2 on a wrong configuration, 3 when skipped because another refresh into the same"
                    + " analytics database is running."})
    int runOnce() throws Exception {
        return RunOnce.run(Map.of(), System.out);
    }

    @Command(name = "plan", description = "Check the masking rules against the schema and print the SQL a run would execute;"
            + " changes nothing.")
    int plan() throws Exception {
        return Plan.run(Map.of(), System.out);
    }

    @Command(name = "check", description = {"Test the configuration, the analytics server, the source (AWS credentials for rds),"
            + " the rules, SMTP and the watch targets; changes nothing.", "0 when all pass."})
    int check() {
        return Check.run(Map.of(), System.out);
    }

    @Command(name = "health", description = {"0 when healthy, 1 when not: the service's health checks over JMX, or without an"
            + " address the last run (run history) and the analytics server checked from here."})
    int health(@Parameters(arity = "0..1", paramLabel = "host:port", description = "the service's JMX address") String address) {
        return address == null ? Health.local(Map.of(), System.out)
                : Health.remote(address, JmxClient.user(), JmxClient.password(), System.out);
    }

    @Command(name = "jmx", description = "The running service's job over remote JMX (docs/runbook.md, JMX): its status,"
            + " a run now, or pause and resume the schedule.")
    int jmx(@Parameters(paramLabel = "host:port", description = "the service's JMX address") String address,
            @Parameters(paramLabel = "status|run-now|pause|resume", converter = JmxOperationConverter.class) JmxOperation operation) {
        return JmxClient.run(address, operation, System.out);
    }

    static final class JmxOperationConverter implements CommandLine.ITypeConverter<JmxOperation> {
        @Override
        public JmxOperation convert(String value) {
            try {
                return JmxOperation.valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not one of status, run-now, pause, resume");
            }
        }
    }
}
