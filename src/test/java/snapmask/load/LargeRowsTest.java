package snapmask.load;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import snapmask.testing.ForkedSnapmask;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production's documents and attachments copy whatever their size, in a heap of a few times the
 * largest row: run-once in its own JVM, as cron or systemd starts it, with a heap it cannot exceed.
 */
class LargeRowsTest {

    private static final String SOURCE = "large_rows";
    private static final String SELECT = "SELECT id, LENGTH(body) bl, MD5(body) b, LENGTH(notes) nl, MD5(notes) n FROM %s.attachments ORDER BY id";

    @BeforeAll
    static void productionWithRowsOf48Mb() {
        TestDatabase.recreate(SOURCE);
        TestDatabase.execute("CREATE TABLE large_rows.attachments (id INT PRIMARY KEY, body LONGBLOB, notes LONGTEXT) DEFAULT CHARSET=utf8mb4",
                // 24 MB of bytes that LOAD DATA needs escaped (NUL, tab, newline, backslash) and 24 MB of 4-byte UTF-8 text
                "INSERT INTO large_rows.attachments VALUES"
                        + " (1, REPEAT(UNHEX('00090A5C41FF'), 4 * 1024 * 1024), REPEAT('\uD83D\uDE00ab\\\\\\t', 3 * 1024 * 1024)),"
                        + " (2, REPEAT(UNHEX('5C41'), 12 * 1024 * 1024), REPEAT('\uD83D\uDE00 note ', 2 * 1024 * 1024)),"
                        + " (3, 'small', 'small')",
                // 160 MB of text in 40 rows: the schema guard samples this column, whose values it has no rule for
                "CREATE TABLE large_rows.pages (id INT PRIMARY KEY, content MEDIUMTEXT) DEFAULT CHARSET=utf8mb4 STATS_AUTO_RECALC=1",
                "INSERT INTO large_rows.pages SELECT seq, REPEAT('lorem ipsum dolor sit amet ', 150000) FROM large_rows.seq_1_to_40");
    }

    @Test
    void rows_of_two_24_mb_values_and_a_sampled_text_column_of_160_mb_are_refreshed_exactly_with_a_256_mb_heap() throws Exception {
        Map<String, String> settings = settings("analytics_large");
        try (ForkedSnapmask snapmask = ForkedSnapmask.start("run-once", settings, List.of("-Xmx256m"))) {
            assertThat(snapmask.waitFor(Duration.ofMinutes(3))).as(snapmask.output()).isZero();
        }
        List<Map<String, String>> copied = TestDatabase.rows(String.format(SELECT, "analytics_large"));
        assertThat(copied).isEqualTo(TestDatabase.rows(String.format(SELECT, SOURCE)));
        assertThat(copied.get(0)).containsEntry("bl", String.valueOf(24 * 1024 * 1024)).containsEntry("nl", String.valueOf(24 * 1024 * 1024));
        // the load turns InnoDB's statistics recalculation off for big tables; each gets production's own back
        assertThat(TestDatabase.rows("SELECT table_name t, create_options o FROM information_schema.tables"
                + " WHERE table_schema = 'analytics_large' ORDER BY table_name"))
                .satisfiesExactly(attachments -> assertThat(attachments.get("o")).doesNotContainIgnoringCase("stats_auto_recalc"),
                        pages -> assertThat(pages.get("o")).containsIgnoringCase("stats_auto_recalc=1"));
        String pages = "SELECT COUNT(*) c, SUM(LENGTH(content)) l, MD5(GROUP_CONCAT(MD5(content) ORDER BY id)) m FROM %s.pages";
        assertThat(TestDatabase.rows(String.format(pages, "analytics_large"))).isEqualTo(TestDatabase.rows(String.format(pages, SOURCE)));
    }

    @Test
    void a_heap_too_small_for_a_row_fails_the_run_naming_the_table_and_what_to_raise() throws Exception {
        Map<String, String> settings = settings("analytics_large_small_heap");
        try (ForkedSnapmask snapmask = ForkedSnapmask.start("run-once", settings, List.of("-Xmx96m"))) {
            assertThat(snapmask.waitFor(Duration.ofMinutes(3))).as(snapmask.output()).isEqualTo(1);
            assertThat(snapmask.output()).contains("  step:       restore")
                    .contains("table attachments: a row did not fit in the JVM heap (-Xmx, now ")
                    .contains("give the heap three to four times the largest row of the table for each copy thread")
                    .contains("scratch database snapmask_restore_").contains(" dropped");
        }
        assertThat(TestDatabase.databasesLike("snapmask_restore_%")).isEmpty();
        assertThat(TestDatabase.count("SELECT COUNT(*) FROM analytics_large_small_heap_history.runs WHERE status = 'FAILED'"
                + " AND failed_step = 'restore' AND error LIKE '%table attachments: a row did not fit in the JVM heap%'")).isEqualTo(1);
    }

    private static Map<String, String> settings(String analytics) {
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.database", SOURCE);
        settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());
        return settings;
    }
}
