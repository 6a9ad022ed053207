package snapmask.load;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.config.MySqlServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the stage step's table copies are scheduled: the biggest table waiting copies next, whatever
 * the order the schema guard handed them over in, and until the load step one of the load's
 * threads is left to the masking.
 */
@Tag("fast")
class StagedLoadTest {

    @Test
    void the_biggest_waiting_table_copies_next_and_one_thread_is_left_to_the_masking_until_the_load_step() throws Exception {
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch smallStarted = new CountDownLatch(1);
        CountDownLatch smallMayEnd = new CountDownLatch(1);
        CountDownLatch bigStarted = new CountDownLatch(1);
        StagedLoad.TableCopy copy = (table, watch, open) -> {
            started.add(table);
            try {
                if (table.equals("small")) {
                    smallStarted.countDown();
                    smallMayEnd.await();
                } else if (table.equals("big")) {
                    bigStarted.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return (long) table.length();
        };
        List<String> tables = List.of("big", "middle", "small");
        try (StagedLoad load = new StagedLoad(null, tables, List.of(), List.of("big", "middle", "small"), 2,
                new ConnectionWatch(new MySqlServer("analytics", "jdbc:mysql://127.0.0.1:1/", "nobody", ""), Duration.ofHours(1)),
                copy)) {
            load.accept(List.of("small"));
            smallStarted.await();
            load.accept(List.of("middle"));
            load.accept(List.of("big"));
            assertThat(load.copiesAtOnce()).as("before the load step").isEqualTo(1);

            smallMayEnd.countDown();
            bigStarted.await();
            Map<String, Long> rows = load.await(() -> false, () -> { });

            assertThat(load.copiesAtOnce()).as("from the load step on").isEqualTo(2);
            assertThat(started).containsExactly("small", "big", "middle");
            assertThat(rows).containsExactlyInAnyOrderEntriesOf(Map.of("big", 3L, "middle", 6L, "small", 5L));
        }
    }
}
