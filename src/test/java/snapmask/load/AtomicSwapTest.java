package snapmask.load;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.TestDatabase;

import java.sql.Connection;
import snapmask.step.RunAbortedException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Metabase sees yesterday's tables, then today's: never an empty table, never a mix of days; on each engine. */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class AtomicSwapTest {

    private static final String ANALYTICS = "analytics_swap";
    private AnalyticsLoader loader;

    @Parameter
    Engine engine;

    @BeforeEach
    void days() {
        engine.sampleProduction();
        engine.execute("DROP DATABASE IF EXISTS " + ANALYTICS);
        engine.copyDatabase(TestDatabase.PRODUCTION, "swap_day1");
        engine.copyDatabase(TestDatabase.PRODUCTION, "swap_day2");
        engine.execute(
                "INSERT INTO swap_day2.users (id, username, email, password) SELECT 100000 + id, CONCAT('new', id),"
                        + " CONCAT('new', id, '@example.com'), 'x' FROM swap_day2.users WHERE id <= 10",
                "INSERT INTO swap_day2.posts (id, title, slug, body) SELECT 100000 + id, 't', CONCAT('new-', id), 'b'"
                        + " FROM swap_day2.posts WHERE id <= 5",
                "ALTER TABLE swap_day2.posts ADD COLUMN reading_minutes INT NULL",
                "CREATE TABLE swap_day2.badges (id INT PRIMARY KEY, label VARCHAR(20))",
                "INSERT INTO swap_day2.badges VALUES (1, 'early bird'), (2, 'streak')",
                "DROP TABLE swap_day2.migrations");
        loader = new AnalyticsLoader(engine.server(), ANALYTICS, 2, 1000);
        engine.execute("CREATE DATABASE " + ANALYTICS);
    }

    /** An analytics script: a summary of the users table, and a view that reads it beside the table. */
    private static final String SUMMARY = """
            CREATE TABLE summary_users (n BIGINT NOT NULL);
            INSERT INTO summary_users SELECT COUNT(*) FROM users;
            CREATE VIEW users_checked AS SELECT (SELECT COUNT(*) FROM users) AS live, (SELECT n FROM summary_users) AS summarized;
            """;

    private RunContext load(String day) {
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(day, engine.server(), day);
        StagedLoad staged = loader.start(run, copy, Masking.nothingMasked(copy));
        java.util.Map<String, Long> rows = loader.load(run, staged);
        ScriptsRun made = new AnalyticsScripts(scripts, engine.server(), ANALYTICS).run(run, staged);
        loader.swap(run, staged, rows, made);
        return run;
    }

    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path scripts;

    @BeforeEach
    void summaryScript() throws Exception {
        java.nio.file.Files.writeString(scripts.resolve("10-summary.sql"), SUMMARY);
    }

    private static final Set<Engine> BIG_MADE = ConcurrentHashMap.newKeySet();

    /** A day of one big table (a million rows), long enough to load that a test can act during its copy; made once per engine. */
    private void bigDatabase() {
        if (BIG_MADE.add(engine)) {
            engine.execute("DROP DATABASE IF EXISTS swap_big", "CREATE DATABASE swap_big",
                    "CREATE TABLE swap_big.big (id INT PRIMARY KEY, payload VARCHAR(100))",
                    "INSERT INTO swap_big.big SELECT n, REPEAT('x', 100) FROM " + engine.numbers("swap_numbers", 1_000_000));
        }
    }

    /** A day's tables, and the one row of the summary the analytics script makes from them. */
    private static Map<String, Long> withSummary(Map<String, Long> tables) {
        Map<String, Long> all = new java.util.TreeMap<>(tables);
        all.put("summary_users", 1L);
        return all;
    }

    /** Users and posts as a reader sees them, and the users the summary counted. */
    private static String usersAndPosts(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM " + ANALYTICS + ".users), (SELECT COUNT(*) FROM "
                + ANALYTICS + ".posts), (SELECT n FROM " + ANALYTICS + ".summary_users)")) {
            rs.next();
            return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
        }
    }

    @Test
    void a_reader_during_the_load_sees_yesterday_then_today_and_nothing_in_between() throws Exception {
        load("swap_day1");
        long users = engine.count("SELECT COUNT(*) FROM swap_day1.users");
        long posts = engine.count("SELECT COUNT(*) FROM swap_day1.posts");
        // the summary the analytics script made swaps with its table: never yesterday's count beside today's users
        String yesterday = users + "/" + posts + "/" + users;
        String today = (users + 10) + "/" + (posts + 5) + "/" + (users + 10);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean loading = new AtomicBoolean(true);
        CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> {
            long reads = 0;
            try (Connection c = engine.connect(); Statement st = c.createStatement()) {
                while (loading.get()) {
                    seen.add(usersAndPosts(st));
                    reads++;
                }
                seen.add(usersAndPosts(st));
            } catch (Exception e) {
                seen.add("error: " + e.getMessage());
            }
            return reads;
        });
        await().until(() -> !seen.isEmpty());
        load("swap_day2");
        loading.set(false);
        assertThat(reader.get()).isGreaterThan(10);
        assertThat(seen).contains(yesterday, today).isSubsetOf(yesterday, today);
        assertThat(engine.rows("SELECT live, summarized FROM " + ANALYTICS + ".users_checked")).as("the script's view, in analytics")
                .containsExactly(Map.of("live", String.valueOf(users + 10), "summarized", String.valueOf(users + 10)));
    }

    @Test
    void new_columns_and_tables_arrive_dropped_tables_leave_and_views_keep_working() {
        load("swap_day1");
        engine.execute("CREATE VIEW " + ANALYTICS + ".user_count AS SELECT COUNT(*) AS n FROM " + ANALYTICS + ".users");
        load("swap_day2");
        assertThat(engine.rows("SHOW COLUMNS FROM " + ANALYTICS + ".posts LIKE 'reading_minutes'")).hasSize(1);
        assertThat(engine.rowCounts(ANALYTICS)).containsEntry("badges", 2L).doesNotContainKey("migrations")
                .isEqualTo(withSummary(engine.rowCounts("swap_day2")));
        assertThat(engine.count("SELECT n FROM " + ANALYTICS + ".user_count"))
                .isEqualTo(engine.count("SELECT COUNT(*) FROM swap_day2.users"));
    }

    @Test
    void a_killed_connection_mid_load_leaves_the_live_tables_as_they_were_and_no_staging_after_the_next_run() {
        load("swap_day1");
        Map<String, Long> yesterday = engine.rowCounts(ANALYTICS);
        bigDatabase();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    List<Map<String, String>> inserts = engine.rows("SELECT id FROM information_schema.processlist WHERE info"
                            + " LIKE '%INTO%`" + ANALYTICS + "__snapmask_staging`.`big`%' AND (info LIKE 'LOAD DATA%' OR info"
                            + " LIKE 'INSERT INTO%') AND id <> CONNECTION_ID()");
                    inserts.forEach(p -> engine.execute("KILL " + p.get("id")));
                    return !inserts.isEmpty();
                }));
        assertThatThrownBy(() -> load("swap_big")).isInstanceOf(LoadException.class)
                .hasMessageContaining("copying table big failed, the analytics tables are unchanged");
        killer.join();
        assertThat(engine.rowCounts(ANALYTICS)).isEqualTo(yesterday);
        assertThat(engine.databasesLike(ANALYTICS + "\\_\\_snapmask%")).isEmpty();
        load("swap_day2");
        assertThat(engine.rowCounts(ANALYTICS)).isEqualTo(withSummary(engine.rowCounts("swap_day2")));
        assertThat(engine.databasesLike(ANALYTICS + "\\_\\_snapmask%")).isEmpty();
    }

    @Test
    void a_stop_during_the_copy_cuts_it_off_before_the_swap_and_the_live_tables_stay() throws Exception {
        load("swap_day1");
        bigDatabase();
        AtomicBoolean stop = new AtomicBoolean();
        loader.stopWhen(stop::get);
        CompletableFuture<RunContext> loading = CompletableFuture.supplyAsync(() -> load("swap_big"));
        // MySQL 8 refuses LOAD DATA LOCAL by default: there the copy runs as batched INSERTs
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.count("SELECT COUNT(*) FROM information_schema.processlist"
                + " WHERE info LIKE 'LOAD DATA LOCAL%' OR info LIKE 'INSERT INTO `analytics_swap__snapmask_staging`.`big`%'") > 0);
        stop.set(true);
        long stoppedAt = System.nanoTime();

        assertThatThrownBy(loading::join).hasCauseInstanceOf(RunAbortedException.class)
                .hasMessageContaining("the load stopped before the swap; the analytics tables are unchanged");
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("no wait for the whole table").isLessThan(Duration.ofSeconds(5));
        assertThat(engine.count("SELECT COUNT(*) FROM " + ANALYTICS + ".users")).isEqualTo(TestDatabase.SAMPLE_USERS);
        assertThat(engine.databasesLike(ANALYTICS + "\\_\\_snapmask\\_old")).isEmpty();

        loader.stopWhen(() -> false);
        load("swap_day2");
        assertThat(engine.databasesLike(ANALYTICS + "\\_\\_snapmask\\_staging")).as("the next load drops what the stop left")
                .isEmpty();
    }
}
