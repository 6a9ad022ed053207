package snapmask.kpi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.testing.LogCapture;
import snapmask.testing.MetabaseFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metabase told after the swap, against a Metabase that speaks its API: whatever Metabase does
 * (down, slow, a revoked key, a version without cache invalidation), the refresh stands, and the
 * report and the history say what Metabase was not told; the key never reaches the log.
 */
class MetabaseSyncTest {

    private static final String ANALYTICS = "analytics_metabase";
    /** Metabase's part of a run is the same whatever the data: one small table keeps each run short. */
    private static final String PRODUCTION = "metabase_production";
    private static final MetabaseFake METABASE = new MetabaseFake().analyticsDatabase(ANALYTICS);
    private static TestApp app;

    @BeforeAll
    static void start() {
        TestDatabase.recreate(PRODUCTION);
        TestDatabase.execute("CREATE TABLE " + PRODUCTION + ".plans (id INT PRIMARY KEY, title VARCHAR(20))",
                "INSERT INTO " + PRODUCTION + ".plans VALUES (1, 'basic'), (2, 'pro')");
        Map<String, String> settings = settings(ANALYTICS);
        settings.put("snapmask.metabase.url", METABASE.baseUrl() + "/");
        settings.put("snapmask.metabase.api-key", MetabaseFake.API_KEY);
        // a Metabase that takes longer than this is slow: the run does not wait for it
        settings.put("camel.component.http.responseTimeout", "1000");
        settings.put("camel.component.http.soTimeout", "1000");
        app = TestApp.start(settings);
    }

    private static Map<String, String> settings(String analytics) {
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.database", PRODUCTION);
        settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());
        return settings;
    }

    @AfterAll
    static void stop() {
        app.close();
        METABASE.close();
    }

    @BeforeEach
    void metabaseAsItShouldBe() {
        METABASE.answer(MetabaseFake.Answer.OK);
        METABASE.acceptOnly(MetabaseFake.API_KEY).cacheInvalidation(true);
    }

    private static RunContext refreshAndExpectWarning(String why) {
        try (LogCapture log = LogCapture.start()) {
            RunContext run = app.refresh();
            assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(run.notes()).filteredOn(n -> n.startsWith(RunContext.WARNING + "Metabase")).singleElement().asString()
                    .contains(why).contains("the refresh stands");
            assertThat(TestDatabase.rows("SELECT warning FROM " + ANALYTICS + "_history.run_warnings WHERE run_id = '" + run.id() + "'"))
                    .extracting(r -> r.get("warning")).singleElement().asString().startsWith("Metabase at ");
            assertThat(log.lines()).noneMatch(l -> l.contains(MetabaseFake.API_KEY));
            return run;
        }
    }

    @Test
    void metabase_down_is_a_warning_and_the_refresh_stands() {
        METABASE.answer(MetabaseFake.Answer.REFUSE);
        refreshAndExpectWarning("Connection refused");
    }

    @Test
    void a_revoked_key_is_a_warning_that_names_the_refusal() {
        METABASE.acceptOnly("mb_a_new_key");
        refreshAndExpectWarning("statusCode: 401");
    }

    @Test
    void a_slow_metabase_is_not_waited_for() {
        METABASE.answer(MetabaseFake.Answer.HANG);
        long started = System.nanoTime();
        refreshAndExpectWarning("Read timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void a_metabase_without_cache_invalidation_still_syncs_and_the_report_says_the_cache_stays() {
        METABASE.cacheInvalidation(false);
        int before = METABASE.requests().size();

        RunContext run = app.refresh();

        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        assertThat(METABASE.requests().subList(before, METABASE.requests().size())).containsExactly("GET /api/database",
                "POST /api/database/7/sync_schema", "POST /api/database/7/rescan_values", "POST /api/cache/invalidate?database=7");
        assertThat(run.notes()).anyMatch(n -> n.startsWith("Metabase offers no cache invalidation"))
                .noneMatch(n -> n.startsWith(RunContext.WARNING));
    }

    @Test
    void with_metabases_own_key_the_notify_endpoint_is_called_for_the_configured_database() {
        Map<String, String> settings = settings("analytics_metabase_notify");
        settings.put("snapmask.metabase.url", METABASE.baseUrl());
        settings.put("snapmask.metabase.api-key", MetabaseFake.API_KEY);
        settings.put("snapmask.metabase.method", "notify");
        settings.put("snapmask.metabase.database-id", "7");
        int before = METABASE.requests().size();
        try (TestApp notifying = TestApp.start(settings)) {
            RunContext run = notifying.refresh();

            assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            assertThat(run.notes()).anyMatch(n -> n.equals("Metabase at " + METABASE.baseUrl() + " notified of the new data"));
        }
        assertThat(METABASE.requests().subList(before, METABASE.requests().size())).containsExactly("POST /api/notify/db/7");
    }
}
