package snapmask.load;

import org.junit.jupiter.api.Test;
import snapmask.cli.Check;
import snapmask.run.RunContext;
import snapmask.run.RunReport;
import snapmask.testing.Engine;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MySQL 8 and RDS for MySQL leave local_infile off: the load falls back to INSERTs by itself,
 * and both the run report and {@code check} say so and how to turn it on.
 */
class LocalInfileFallbackTest {

    @org.junit.jupiter.api.AfterEach
    void localInfileAsTheServerRuns() {
        Engine.MYSQL8.execute(snapmask.testing.MySql8.LOCAL_INFILE_ON);
    }

    private static Map<String, String> settings(String analytics) {
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.analytics.url", Engine.MYSQL8.server().url());
        settings.put("snapmask.watch.targets", "analytics");
        return settings;
    }

    @Test
    void a_mysql_8_analytics_server_with_local_infile_off_is_loaded_with_inserts_and_the_report_says_so() {
        Engine.MYSQL8.execute("SET GLOBAL local_infile = 0", "DROP DATABASE IF EXISTS analytics_no_infile");
        RunContext run;
        try (TestApp app = TestApp.start(settings("analytics_no_infile"))) {
            run = app.refresh();
        }

        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(run.rowsPerTable()).containsAllEntriesOf(TestDatabase.rowCounts(TestDatabase.sampleProduction()));
        assertThat(RunReport.of(run)).contains("refuses LOAD DATA LOCAL (local_infile=0): loaded with batched INSERTs,"
                + " which is slower; set local_infile=1 on that server (on RDS: in its DB parameter group) to load faster");
    }

    @Test
    void check_says_local_infile_is_off_and_where_to_turn_it_on() {
        Engine.MYSQL8.execute("SET GLOBAL local_infile = 0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Check.run(settings("analytics_no_infile_check"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);

        // (no SMTP server here: that line fails, this one is about analytics)
        assertThat(output).containsPattern("OK    analytics server +8\\.0\\.31 at 127\\.0\\.0\\.1:\\d+ as root@127\\.0\\.0\\.1 over TLSv1\\.[23]")
                .contains("local_infile OFF: loads fall back to INSERT, which is slower; set local_infile=1 on the server"
                        + " (on RDS: in its DB parameter group) to load faster");
    }
}
