package snapmask.testing;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every log line snapmask writes while it is open, with the messages of attached exceptions, as ops would read them. */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private LogCapture() {
        appender = new AbstractAppender("test-capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(" - ")
                        .append(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause() == t ? null : t.getCause()) {
                    line.append(" | ").append(t);
                }
                lines.add(line.toString());
                if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.ERROR)) {
                    errors.add(line.toString());
                }
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines logged at ERROR or worse: what wakes log alerting. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
