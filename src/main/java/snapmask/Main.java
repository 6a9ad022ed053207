package snapmask;

import snapmask.cli.Commands;

/** {@code java -jar snapmask.jar [service|run-once|check|health|plan|jmx|help]}; see the README. */
public final class Main {

    public static void main(String[] args) throws Exception {
        chooseLogFormat();
        System.exit(Commands.run(args));
    }

    /** Before the first logger exists: JSON lines when asked for (-Dsnapmask.log.format=json or SNAPMASK_LOG_FORMAT=json). */
    private static void chooseLogFormat() {
        String format = System.getProperty("snapmask.log.format", System.getenv().getOrDefault("SNAPMASK_LOG_FORMAT", "text"));
        if (format.equalsIgnoreCase("json") && System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-json.properties");
        }
    }
}
