package snapmask.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rules files written for one test. */
public final class TestRules {

    /** The reference system's two rules, alone. */
    public static final String REFERENCE = """
            tables:
              users:
                username:
                  kind: template
                  template: "masking_dummy_{id}"
                email:
                  kind: email
                  local: "masking_dummy_email_{id}"
            """;

    /** No rule at all: every column is copied as it is (for tables no schema guard would flag). */
    public static final String KEEP_EVERYTHING = "tables: {}\n";

    /** A rule for users.phone, a column production does not have: the mask step fails on it (line 4). */
    public static final String UNKNOWN_COLUMN = "tables:\n  users:\n    phone:\n      kind: template\n      template: \"000-{id}\"\n";

    private TestRules() {
    }

    public static Path write(String yaml) {
        try {
            // under target/, so the build's clean removes them and nothing piles up in /tmp
            Path dir = Files.createDirectories(TestDirs.of("rules"));
            return Files.writeString(Files.createTempFile(dir, "masking", ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
