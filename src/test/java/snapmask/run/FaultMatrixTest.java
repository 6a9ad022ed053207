package snapmask.run;

import snapmask.schema.Sql;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.testing.FaultInjection;
import snapmask.testing.RdsFake;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure in any step of any source is told to ops the same way: exactly one mail that names
 * the step and the cause, a history row FAILED at that step, no temporary copy or staging database
 * left, and analytics still serving yesterday's tables (or, after the load, today's, as the mail says).
 */
class FaultMatrixTest {

    /** Every step a run of the local source fails in: each of them the same for any source, past the source's own. */
    static final List<String> STEPS = List.of("lock", "sweep-leftovers", "find-snapshot", "restore", "await-ready", "plan", "stage",
            "mask", "verify", "load", "analytics-sql", "kpi-check", "swap", "kpi-history", "bi-account");
    /**
     * The RDS and Aurora sources: their own steps, and one before and one after the swap (what is left to clean up differs);
     * the lock comes before anything of the source.
     */
    static final List<String> SOURCE_STEPS = List.of("sweep-leftovers", "find-snapshot", "restore", "await-ready", "load",
            "kpi-history");
    /** Past the swap, analytics holds the run's data. */
    static final List<String> AFTER_SWAP = List.of("kpi-history", "bi-account");

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server().withPerMethodLifecycle(false);

    private static final FaultInjection FAULTS = new FaultInjection();
    private static RdsFake rds;
    private static final Map<String, TestApp> APPS = new java.util.HashMap<>();

    static Stream<Arguments> stepsOfEachSource() {
        List<Arguments> cases = new ArrayList<>();
        for (String source : List.of("local", "rds", "aurora")) {
            (source.equals("local") ? STEPS : SOURCE_STEPS).forEach(step -> cases.add(Arguments.of(source, step)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} source, failure in {1}")
    @MethodSource("stepsOfEachSource")
    void a_failure_in_any_step_is_mailed_recorded_and_cleaned_up(String source, String step) throws Exception {
        String analytics = "analytics_fault_" + source;
        TestApp app = app(source);
        {
            // a table production does not have: a load that swapped would remove it
            TestDatabase.execute("CREATE TABLE IF NOT EXISTS " + analytics + ".yesterday (x INT)");
            mail.purgeEmailFromAllMailboxes();

            FAULTS.at(step);
            RunContext run = app.refresh();

            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage[] mails = mail.getReceivedMessages();
            assertThat(mails).as("exactly one mail").hasSize(1);
            assertThat(mails[0].getSubject()).isEqualTo("snapmask refresh: FAILED in step " + step);
            String body = mails[0].getContent().toString();
            assertThat(body).contains("Step:       " + step).contains("Cause:      " + FaultInjection.MESSAGE + step)
                    .doesNotContain("ACTION NEEDED");

            Map<String, String> history = TestDatabase.rows("SELECT status, failed_step, error FROM " + analytics
                    + "_history.runs WHERE run_id = '" + run.id() + "'").get(0);
            assertThat(history).containsEntry("status", "FAILED").containsEntry("failed_step", step)
                    .containsEntry("error", FaultInjection.MESSAGE + step);

            assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).as("scratch copy").isEmpty();
            assertThat(TestDatabase.databasesLike(analytics + "\\_\\_snapmask%")).as("staging").isEmpty();
            if (!source.equals("local")) {
                Map<String, String> instances = new java.util.HashMap<>(rds().status());
                assertThat(instances.remove("prod")).isEqualTo("available");
                assertThat(instances.values()).as("every temporary instance is gone or being deleted").allMatch("deleting"::equals);
                Map<String, String> clusters = new java.util.HashMap<>(rds().clusterStatus());
                assertThat(clusters.remove("prod-cluster")).isEqualTo("available");
                assertThat(clusters.values()).as("every temporary cluster is gone or being deleted").allMatch("deleting"::equals);
            }
            boolean loaded = AFTER_SWAP.contains(step);
            assertThat(TestDatabase.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + analytics
                    + "' AND table_name = 'yesterday'")).as("yesterday's tables serve until a load swaps").isEqualTo(loaded ? 0 : 1);
            assertThat(body).contains(loaded ? "The swap had completed" : "still holds the data of the last successful run");
        }
    }

    /** One application per source, for all its cases: the first run is yesterday's, which every case starts from. */
    private static TestApp app(String source) {
        return APPS.computeIfAbsent(source, s -> {
            String analytics = "analytics_fault_" + s;
            TestApp app = TestApp.start(settings(s, analytics), FAULTS);
            FAULTS.at(null);
            assertThat(app.refresh().status()).as("yesterday's run").isEqualTo(RunContext.Status.SUCCEEDED);
            return app;
        });
    }

    private static Map<String, String> settings(String source, String analytics) {
        if (source.equals("local")) {
            return TestApp.settings(analytics, mail);
        }
        Map<String, String> settings = TestApp.rdsSettings(analytics, rds(), mail);
        if (source.equals("aurora")) {
            settings.put("snapmask.source", "aurora");
            settings.put("snapmask.aurora.cluster", "prod-cluster");
        }
        return settings;
    }

    private static RdsFake rds() {
        if (rds == null) {
            TestDatabase.sampleProduction();
            rds = new RdsFake(TestDatabase.server().port())
                    .instance("prod", "available", Map.of())
                    .snapshot("rds:prod-2026-11-24-03-00", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                    .cluster("prod-cluster", "available", Map.of())
                    .clusterSnapshot("rds:prod-cluster-2026-11-24-03-00", "prod-cluster", "automated",
                            Instant.parse("2026-11-24T03:00:00Z"), "available")
                    .onRestore(id -> TestDatabase.copyDatabase(TestDatabase.PRODUCTION, TestApp.RDS_DATABASE))
                    .onDelete(id -> TestDatabase.execute("DROP DATABASE IF EXISTS " + Sql.name(TestApp.RDS_DATABASE)));
        }
        return rds;
    }

    @AfterAll
    static void stopFake() {
        APPS.values().forEach(TestApp::close);
        if (rds != null) {
            rds.close();
        }
    }
}
