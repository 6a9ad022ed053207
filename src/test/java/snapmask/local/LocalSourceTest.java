package snapmask.local;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.LogCapture;
import snapmask.testing.TestApp;
import snapmask.testing.TestRules;

import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local source reads a live production database: it must neither hold production's writers
 * up nor copy its tables as of different moments (what mysqldump --single-transaction promises).
 */
class LocalSourceTest {

    private static Map<String, String> settings(Engine engine, String production, String analytics) {
        engine.copyDatabase(engine.sampleProduction(), production);
        engine.execute("DROP DATABASE IF EXISTS " + analytics);
        Map<String, String> settings = TestApp.settings(analytics, null, engine);
        settings.put("snapmask.local.database", production);
        return settings;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL8"})
    void a_row_production_holds_locked_does_not_stop_the_copy_which_has_it_as_last_committed(Engine engine) throws Exception {
        Map<String, String> settings = settings(engine, "production_locked", "analytics_locked");
        engine.execute("UPDATE production_locked.courses SET title = 'committed title' WHERE id = 3");
        try (Connection writer = engine.connect()) {
            writer.setAutoCommit(false);
            writer.createStatement().executeUpdate("UPDATE production_locked.courses SET title = 'not committed' WHERE id = 3");
            RunContext run;
            try (TestApp app = TestApp.start(settings)) {
                run = app.refresh();
            }
            assertThat(run.status()).as("%s", run.failure()).isEqualTo(RunContext.Status.SUCCEEDED);
            writer.rollback();
        }
        assertThat(engine.rows("SELECT title FROM analytics_locked.courses WHERE id = 3"))
                .containsExactly(Map.of("title", "committed title"));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL8"})
    void tables_written_together_while_the_copy_runs_arrive_as_of_one_moment(Engine engine) throws Exception {
        Map<String, String> settings = settings(engine, "production_busy", "analytics_busy");
        // a_orders is copied first and z_order_lines last (name order), the sample's tables in between
        engine.execute("CREATE TABLE production_busy.a_orders (id INT PRIMARY KEY)",
                "CREATE TABLE production_busy.z_order_lines (id INT PRIMARY KEY, order_id INT NOT NULL)");
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Integer> writes = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            try (Connection c = engine.connect()) {
                c.setAutoCommit(false);
                while (running.get()) {
                    n++;
                    c.createStatement().executeUpdate("INSERT INTO production_busy.a_orders VALUES (" + n + ")");
                    c.createStatement().executeUpdate("INSERT INTO production_busy.z_order_lines VALUES (" + n + ", " + n + ")");
                    c.commit();
                }
                return n;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        } finally {
            running.set(false);
        }
        int written = writes.get();
        assertThat(run.status()).as("%s", run.failure()).isEqualTo(RunContext.Status.SUCCEEDED);
        long orders = engine.count("SELECT COUNT(*) FROM analytics_busy.a_orders");
        assertThat(engine.count("SELECT COUNT(*) FROM analytics_busy.z_order_lines")).isEqualTo(orders);
        assertThat(engine.count("SELECT COUNT(*) FROM analytics_busy.z_order_lines l"
                + " LEFT JOIN analytics_busy.a_orders o ON o.id = l.order_id WHERE o.id IS NULL")).isZero();
        assertThat(orders).as("orders were written after the copy's moment").isLessThan(written);
    }

    @org.junit.jupiter.api.Test
    void a_source_server_that_refuses_load_data_local_is_copied_with_inserts() throws Exception {
        Engine.MYSQL8.execute("DROP DATABASE IF EXISTS production_no_infile", "CREATE DATABASE production_no_infile",
                "CREATE TABLE production_no_infile.notes (id INT PRIMARY KEY, body VARCHAR(40) CHARACTER SET latin1)",
                "INSERT INTO production_no_infile.notes VALUES (1, 'first'), (2, 'tab\\there'), (3, NULL)");
        Engine.MARIADB.execute("DROP DATABASE IF EXISTS analytics_no_infile_source");
        Map<String, String> settings = TestApp.settings("analytics_no_infile_source", null);
        settings.put("snapmask.local.url", Engine.MYSQL8.jdbcUrl());
        settings.put("snapmask.local.database", "production_no_infile");
        settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());
        Engine.MYSQL8.execute("SET GLOBAL local_infile = 0");
        RunContext run;
        try (LogCapture log = LogCapture.start(); TestApp app = TestApp.start(settings)) {
            run = app.refresh();
            assertThat(log.lines()).anyMatch(l -> l.contains("refuses LOAD DATA LOCAL")
                    && l.contains("copying into the scratch database with batched INSERTs"));
        } finally {
            Engine.MYSQL8.execute("SET GLOBAL local_infile = 1");
        }
        assertThat(run.status()).as("%s", run.failure()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(Engine.MARIADB.rows("SELECT id, HEX(body) AS body FROM analytics_no_infile_source.notes ORDER BY id"))
                .isEqualTo(Engine.MYSQL8.rows("SELECT id, HEX(body) AS body FROM production_no_infile.notes ORDER BY id"));
    }
}
