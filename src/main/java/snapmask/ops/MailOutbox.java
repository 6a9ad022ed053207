package snapmask.ops;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * so it may rest on disk. The service and a run-once of one install share the directory: one
 * sending pass at a time holds a file lock beside it (the OS frees it if the process dies), so a
 * kept mail is not sent twice, and file names carry the process id, so none overwrites another's.
 */
public class MailOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final Clock clock;
    /** Per JVM, not per instance: two outboxes on one directory in one process never make the same name. */
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

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
            Path file = directory.resolve(NAME.format(clock.instant()) + "-" + ProcessHandle.current().pid() + "-"
                    + SEQUENCE.incrementAndGet() + ".mail");
            Path partial = directory.resolve(file.getFileName() + ".part");
            Files.writeString(partial, subject + "\n" + (body == null ? "" : body), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the unsent mail in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The kept mails, oldest first, for this exchange's sending pass; none while another pass (of
     * this process or another) sends them. The pass holds the outbox until the exchange completes.
     */
    public List<Path> owed(Exchange exchange) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        FileChannel held;
        try {
            FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (tryLock(channel) == null) {
                channel.close();
                return List.of();
            }
            held = channel;
        } catch (IOException e) {
            LOG.warn("cannot lock the outbox {} for sending: {}", lockFile(), e.getMessage());
            return List.of();
        }
        try {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    try {
                        held.close(); // frees the lock
                    } catch (IOException e) {
                        LOG.debug("closing the outbox lock {}: {}", lockFile(), e.getMessage());
                    }
                }
            });
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".mail")).sorted().toList();
            }
        } catch (IOException e) {
            LOG.warn("cannot list the unsent mails in {}: {}", directory, e.getMessage());
            return List.of();
        }
    }

    /** Beside the directory, not in it: ops see only mails there. */
    private Path lockFile() {
        Path absolute = directory.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".lock");
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        } catch (IOException e) {
            channel.close();
            throw e;
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
