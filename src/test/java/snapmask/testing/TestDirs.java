package snapmask.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a test JVM keeps its files (database servers, outboxes, state files, logs): surefire runs
 * two JVMs side by side, each with a directory of its own ({@code test.fork.dir}, set in the
 * pom), so their servers and files never meet.
 */
public final class TestDirs {

    private static final Path ROOT = Path.of(System.getProperty("test.fork.dir", "target"));

    static {
        try {
            // the pom points TMPDIR of this JVM's database servers here
            Files.createDirectories(ROOT.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TestDirs() {
    }

    /** {@code name} under this JVM's directory, relative to the project like the settings tests pass. */
    public static Path of(String name) {
        return ROOT.resolve(name);
    }
}
