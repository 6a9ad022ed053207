package snapmask;

import snapmask.cli.Commands;

/** {@code java -jar snapmask.jar [service|run-once|demo|help]}; see the README. */
public final class Main {
    public static void main(String[] args) throws Exception {
        System.exit(Commands.run(args));
    }
}
