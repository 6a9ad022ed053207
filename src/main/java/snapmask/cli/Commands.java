package snapmask.cli;

import org.apache.camel.util.ObjectHelper;
import snapmask.Snapmask;
import snapmask.config.ConfigurationException;

import java.util.Map;

/** The command line: which way snapmask runs. Returns the process exit code. */
public final class Commands {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Commands.class);

    static final String USAGE = """
            usage: snapmask [command]
              service    run the schedule until stopped (the default)
              run-once   do one refresh now and exit: 0 on success, 1 on failure, 2 on a wrong configuration,
                         3 when skipped because another refresh into the same analytics database is running
              plan       check the masking rules against the schema and print the SQL a run would execute; changes nothing
              check      test the configuration, the analytics server, the source (AWS credentials for rds), the rules,
                         SMTP and the watch targets; changes nothing; exit 0 when all pass
              health [host:port]
                         exit 0 when healthy, 1 when not: the service's health checks over JMX, or without an
                         address the last run (run history) and the analytics server checked from here
              jmx <host:port> status|run-now|pause|resume
                         the running service's job over remote JMX: pause/resume the schedule (docs/runbook.md, JMX)
              help       this text
            configuration: config/application.properties, or the file named by SNAPMASK_CONFIG""";

    private Commands() {
    }

    public static int run(String[] args) throws Exception {
        try {
            return command(args);
        } catch (Exception e) {
            ConfigurationException wrong = configurationProblem(e);
            if (wrong == null) {
                throw e;
            }
            // one message, no stack trace: the wrong setting is all ops need (exit code 2 in every command)
            LOG.error("snapmask cannot start: {}", wrong.getMessage());
            System.err.println("snapmask cannot start: " + wrong.getMessage());
            return 2;
        }
    }

    /** The configuration problem behind a failed start, however deep Camel wrapped it; null when there is none. */
    static ConfigurationException configurationProblem(Throwable failure) {
        return ObjectHelper.getException(ConfigurationException.class, failure);
    }

    private static int command(String[] args) throws Exception {
        String command = args.length == 0 ? "service" : args[0];
        return switch (command) {
            case "service" -> {
                Snapmask.create(Map.of()).run();
                yield 0;
            }
            case "run-once" -> RunOnce.run(Map.of(), System.out);
            case "plan" -> Plan.run(Map.of(), System.out);
            case "jmx" -> JmxClient.run(args, System.out);
            case "check" -> Check.run(Map.of(), System.out);
            case "health" -> Health.run(args, Map.of(), System.out);
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("unknown command '" + command + "'\n" + USAGE);
                yield 2;
            }
        };
    }
}
