package snapmask.cli;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import snapmask.Snapmask;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * snapmask started for one command (run-once, check, plan, health): the service's routes and beans
 * without the schedule and the watch's timer, its beans read by type. Closing it stops Camel.
 */
final class Application implements AutoCloseable {

    private final Main main;

    private Application(Main main) {
        this.main = main;
    }

    /** Starts it; a settings problem comes out as Camel reports it (see {@link Commands#configurationProblem}). */
    static Application start(Map<String, String> overrides) throws Exception {
        Main main = Snapmask.createWithoutSchedule(overrides);
        Application application = new Application(main);
        try {
            main.start();
        } catch (Exception e) {
            application.close();
            throw e;
        }
        return application;
    }

    CamelContext camel() {
        return main.getCamelContext();
    }

    /** The one bean of {@code type} the application made. */
    <T> T bean(Class<T> type) {
        return optionalBean(type).orElseThrow(() -> new IllegalStateException("snapmask has no " + type.getSimpleName()));
    }

    /** The bean of {@code type}, when the configuration made one (the local source, say). */
    <T> Optional<T> optionalBean(Class<T> type) {
        Set<T> found = camel().getRegistry().findByType(type);
        if (found.size() > 1) {
            throw new IllegalStateException("snapmask has " + found.size() + " beans of type " + type.getSimpleName());
        }
        return found.stream().findFirst();
    }

    /** A setting as the running application resolved it. */
    String property(String key) {
        return camel().resolvePropertyPlaceholders("{{" + key + "}}");
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (RuntimeException e) {
            // a start that failed half-way leaves little to stop; the caller reports the start's failure
        }
    }
}
