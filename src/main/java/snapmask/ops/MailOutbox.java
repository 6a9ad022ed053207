package snapmask.ops;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Failure mails SMTP did not take: kept as files (subject on the first line, then the body) in
 * {@code snapmask.mail.outbox}, and sent again by the outbox route until SMTP takes them, also
 * after a restart. A failure mail carries no personal value and no secret (see RedactedFailure),
 * so it may rest on disk.
 */
public class MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;
    private final AtomicInteger sequence = new AtomicInteger();

    public MailOutbox(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    /** The message of the exchange (Subject header, text body) could not be sent: keep it. */
    public void keep(Exchange exchange) {
        String subject = exchange.getMessage().getHeader("Subject", "", String.class);
        String body = exchange.getMessage().getBody(String.class);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(NAME.format(clock.instant()) + "-" + sequence.incrementAndGet() + ".mail");
            Path partial = directory.resolve(file.getFileName() + ".part");
            Files.writeString(partial, subject + "\n" + (body == null ? "" : body), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the unsent mail in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The kept mails, oldest first. */
    public List<Path> owed() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".mail")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list the unsent mails in {}: {}", directory, e.getMessage());
            return List.of();
        }
    }

    /** Makes the exchange the kept mail in its body (a path): Subject header and text body. */
    public void open(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(Path.class);
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        exchange.setProperty("snapmaskOutboxFile", file);
        exchange.getMessage().setHeader("Subject", newline < 0 ? text : text.substring(0, newline));
        exchange.getMessage().setBody(newline < 0 ? "" : text.substring(newline + 1));
    }

    /** SMTP took the mail opened last on this exchange. */
    public void sent(Exchange exchange) throws IOException {
        Path file = exchange.getProperty("snapmaskOutboxFile", Path.class);
        Files.deleteIfExists(file);
        LOG.info("sent the failure mail kept since SMTP refused it: {}", exchange.getMessage().getHeader("Subject"));
    }
}
