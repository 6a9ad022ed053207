package snapmask.run;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's end kept in the outbox that cannot be read is set aside once, not read and reported at every retry. */
@Tag("fast")
class RunHistoryOutboxTest {

    @TempDir
    Path outbox;

    @Test
    void an_unreadable_end_is_moved_aside_for_ops_and_not_read_again() throws Exception {
        Files.writeString(outbox.resolve("20261201-030000-abcd.json"), "{ not json");
        RunHistory history = new RunHistory(null, "snapmask", Path.of("sql/history/schema.sql"), outbox);

        history.writeOwed();
        history.writeOwed();

        try (var files = Files.list(outbox)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("20261201-030000-abcd.json.unreadable");
        }
    }
}
