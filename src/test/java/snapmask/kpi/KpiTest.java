package snapmask.kpi;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.MetabaseFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestMail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The nights a KPI team lives with, through the real routes on MySQL 8 and MariaDB: the starter
 * pack's summaries swap in with the data and its KPIs go to the history once per night, readable
 * by the BI account, and Metabase is told; a check with action warn mails and swaps; a failing
 * analytics script and a table that shrank past the default limit stop the run before the swap,
 * with the mail ops see, and leave analytics and the KPI history as they were.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Engine.class, names = {"MYSQL8", "MARIADB_10_11"})
class KpiTest {

    private static final String ANALYTICS = "analytics_kpi";
    private static final String HISTORY = ANALYTICS + "_history";
    private static final String PRODUCTION = "kpi_production";
    private static final String BI_USER = "kpi_metabase";
    private static final String BI_PASSWORD = "Bi-password-42";
    /** The starter pack's KPIs, and one more whose check (warn) fires every night. */
    private static final String KPIS = """
            kpis:
              users_total:
                description: users at the snapshot
                unit: users
                sql: SELECT COUNT(*) FROM users
                checks:
                  - { max: 10, action: warn }
            """;

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server().withPerMethodLifecycle(false);

    private static TestApp app;
    private static MetabaseFake metabase;
    private static Path scripts;
    private static Path kpis;
    private static RunContext firstNight;

    @Parameter
    Engine engine;

    @BeforeParameterizedClassInvocation
    static void firstNight(Engine engine) throws Exception {
        engine.copyDatabase(engine.sampleProduction(), PRODUCTION);
        engine.execute("DROP DATABASE IF EXISTS " + ANALYTICS, "DROP DATABASE IF EXISTS " + HISTORY,
                "DROP USER IF EXISTS '" + BI_USER + "'@'%'");
        scripts = Files.createTempDirectory("analytics-sql");
        for (Path starter : Files.list(Path.of("sql/analytics/starter")).toList()) {
            Files.copy(starter, scripts.resolve(starter.getFileName()));
        }
        kpis = Files.createTempFile("kpis", ".yaml");
        Files.writeString(kpis, Files.readString(Path.of("config/kpis-starter.yaml")).replace("kpis:\n", KPIS));
        metabase = new MetabaseFake().analyticsDatabase(ANALYTICS);
        Map<String, String> settings = TestApp.settings(ANALYTICS, mail, engine);
        settings.put("snapmask.local.database", PRODUCTION);
        settings.put("snapmask.analytics.scripts", scripts.toString());
        settings.put("snapmask.kpi.file", kpis.toString());
        settings.put("snapmask.analytics.bi-user", BI_USER);
        settings.put("snapmask.analytics.bi-password", BI_PASSWORD);
        settings.put("snapmask.metabase.url", metabase.baseUrl());
        settings.put("snapmask.metabase.api-key", MetabaseFake.API_KEY);
        app = TestApp.start(settings);
        mail.purgeEmailFromAllMailboxes();
        firstNight = app.refresh();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        app.close();
        metabase.close();
    }

    @BeforeEach
    void noMailYet() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }

    @Test
    void the_summaries_swap_in_with_the_data_and_the_kpis_start_their_history() {
        assertThat(firstNight.status()).as(firstNight.notes().toString()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(engine.rowCounts(ANALYTICS)).containsKeys("summary_daily", "summary_subscriptions");
        assertThat(engine.count("SELECT SUM(signups) FROM " + ANALYTICS + ".summary_daily"))
                .as("every user with a sign-up time, summed over the days").isEqualTo(engine.count("SELECT COUNT(*) FROM "
                        + PRODUCTION + ".users WHERE created_at IS NOT NULL"));
        assertThat(engine.count("SELECT SUM(in_progress + completed + dropped) FROM " + ANALYTICS + ".course_progress"))
                .as("the script's view, defined in analytics").isEqualTo(engine.count("SELECT COUNT(*) FROM " + PRODUCTION + ".taking_courses"));
        assertThat(engine.rows("SELECT kpi, dimension, value FROM " + HISTORY + ".kpi_values WHERE kpi IN ('users_total',"
                + " 'active_subscriptions') AND run_id = '" + firstNight.id() + "' ORDER BY kpi, dimension")).extracting(r -> r.get("kpi") + "/" + r.get("dimension"))
                .containsExactly("active_subscriptions/basic", "active_subscriptions/pro", "active_subscriptions/team", "users_total/");
        assertThat(engine.count("SELECT value FROM " + HISTORY + ".kpi_values WHERE kpi = 'users_total' AND run_id = '"
                + firstNight.id() + "'")).isEqualTo(1000);
        assertThat(engine.count("SELECT COUNT(DISTINCT kpi) FROM " + HISTORY + ".kpi_values")).isEqualTo(7);
        assertThat(engine.rows("SELECT run_id FROM " + HISTORY + ".refreshes")).extracting(r -> r.get("run_id"))
                .contains(firstNight.id());
        assertThat(engine.rows("SELECT run_id FROM " + HISTORY + ".data_as_of")).extracting(r -> r.get("run_id"))
                .containsExactly(engine.rows("SELECT run_id FROM " + HISTORY + ".refreshes ORDER BY swapped_at DESC").get(0).get("run_id"));
        assertThat(firstNight.notes()).anyMatch(n -> n.startsWith("KPI history starts with this snapshot"));
    }

    @Test
    void the_bi_account_reads_the_kpi_history_and_data_as_of_but_not_the_run_history() throws SQLException {
        try (Connection bi = DriverManager.getConnection(engine.jdbcUrl(), BI_USER, BI_PASSWORD)) {
            assertThat(snapmask.schema.Sql.count(bi, "SELECT COUNT(*) FROM " + HISTORY + ".kpi_values")).isGreaterThan(0);
            assertThat(snapmask.schema.Sql.count(bi, "SELECT COUNT(*) FROM " + HISTORY + ".data_as_of")).isEqualTo(1);
            assertThat(snapmask.schema.Sql.count(bi, "SELECT COUNT(*) FROM " + ANALYTICS + ".summary_daily")).isGreaterThan(0);
            assertThatThrownBy(() -> snapmask.schema.Sql.count(bi, "SELECT COUNT(*) FROM " + HISTORY + ".runs"))
                    .hasMessageContaining("denied");
        }
    }

    @Test
    void metabase_is_asked_to_sync_rescan_and_drop_its_cache_for_the_analytics_database() {
        assertThat(metabase.requests()).containsSubsequence("GET /api/database", "POST /api/database/7/sync_schema",
                "POST /api/database/7/rescan_values", "POST /api/cache/invalidate?database=7");
        assertThat(firstNight.notes()).anyMatch(n -> n.startsWith("Metabase at " + metabase.baseUrl() + " asked to sync"));
    }

    @Test
    void a_warn_check_mails_ops_and_the_data_swaps_all_the_same() throws Exception {
        RunContext night = app.refresh();

        assertThat(night.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage warning = mail.getReceivedMessages()[0];
        assertThat(warning.getSubject()).isEqualTo("snapmask refresh: WARNING, 1 check(s) before the swap warned; the data was swapped");
        assertThat(warning.getContent().toString()).contains("KPI users_total is 1000, above its maximum 10")
                .contains(kpis + " line " + lineOf("max: 10") + ", action warn").contains(night.id());
        assertThat(engine.rows("SELECT warning FROM " + HISTORY + ".run_warnings WHERE run_id = '" + night.id() + "'"))
                .extracting(r -> r.get("warning")).singleElement().asString().startsWith("KPI users_total is 1000");
        assertThat(engine.count("SELECT COUNT(*) FROM " + HISTORY + ".kpi_values WHERE kpi = 'users_total'"))
                .as("one more night, one more row").isEqualTo(engine.count("SELECT COUNT(*) FROM " + HISTORY + ".refreshes"));
    }

    /** The line of the KPI file that holds {@code text}. */
    private static int lineOf(String text) throws java.io.IOException {
        List<String> lines = Files.readAllLines(kpis);
        return 1 + java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(text)).findFirst().orElseThrow();
    }

    @Test
    void a_failing_script_stops_the_run_before_the_swap_and_the_mail_names_its_file_and_line() throws Exception {
        Map<String, Long> yesterday = engine.rowCounts(ANALYTICS);
        long kpiRows = engine.count("SELECT COUNT(*) FROM " + HISTORY + ".kpi_values");
        Path broken = scripts.resolve("30-broken.sql");
        Files.writeString(broken, "-- a summary of a table production does not have\n\nCREATE TABLE summary_orders AS\n"
                + "SELECT COUNT(*) AS n FROM orders;\n");
        try {
            RunContext night = app.refresh();

            assertThat(night.status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(night.failedStep()).isEqualTo("analytics-sql");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage failure = mail.getReceivedMessages()[0];
            assertThat(failure.getSubject()).isEqualTo("snapmask refresh: FAILED in step analytics-sql");
            assertThat(failure.getContent().toString()).contains(broken + " line 3 failed").contains("orders")
                    .contains("still holds the data of the last successful run");
        } finally {
            Files.delete(broken);
        }
        assertThat(engine.rowCounts(ANALYTICS)).isEqualTo(yesterday);
        assertThat(engine.count("SELECT COUNT(*) FROM " + HISTORY + ".kpi_values")).isEqualTo(kpiRows);
        assertThat(engine.databasesLike(ANALYTICS + "\\_\\_snapmask%")).as("staging").isEmpty();
    }

    @Test
    void a_table_that_lost_more_than_half_its_rows_stops_the_run_before_the_swap() throws Exception {
        Map<String, Long> yesterday = engine.rowCounts(ANALYTICS);
        long kpiRows = engine.count("SELECT COUNT(*) FROM " + HISTORY + ".kpi_values");
        engine.execute("CREATE TABLE " + PRODUCTION + ".kept_histories AS SELECT * FROM " + PRODUCTION + ".learning_histories",
                "DELETE FROM " + PRODUCTION + ".learning_histories WHERE id > 4000");
        try {
            RunContext night = app.refresh();

            assertThat(night.status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(night.failedStep()).isEqualTo("kpi-check");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage failure = mail.getReceivedMessages()[0];
            assertThat(failure.getSubject()).isEqualTo("snapmask refresh: FAILED in step kpi-check");
            assertThat(failure.getContent().toString()).contains("table learning_histories has 4000 rows, 10000 at the last"
                    + " successful run").contains("snapmask.checks.table-shrink-percent (50 %)")
                    .contains("still holds the data of the last successful run");
        } finally {
            engine.execute("DROP TABLE " + PRODUCTION + ".learning_histories",
                    "RENAME TABLE " + PRODUCTION + ".kept_histories TO " + PRODUCTION + ".learning_histories");
        }
        assertThat(engine.rowCounts(ANALYTICS)).isEqualTo(yesterday);
        assertThat(engine.count("SELECT COUNT(*) FROM " + HISTORY + ".kpi_values")).isEqualTo(kpiRows);
        assertThat(engine.rows("SELECT status, failed_step FROM " + HISTORY + ".runs ORDER BY started_at DESC LIMIT 1"))
                .containsExactly(Map.of("status", "FAILED", "failed_step", "kpi-check"));
    }
}
