package snapmask.watch;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import snapmask.run.RunContext;
import snapmask.testing.MetabaseFake;
import snapmask.testing.MetabaseFake.Answer;
import snapmask.testing.TestApp;
import snapmask.testing.TestMail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The watch (routes/bi-watch.camel.yaml) against a Metabase health endpoint that answers as told,
 * the analytics database and the freshness of the last refresh; GreenMail receives the mails.
 */
class WatchTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @TempDir
    Path dir;

    private final MetabaseFake metabase = new MetabaseFake();

    @AfterEach
    void stopMetabase() {
        metabase.close();
    }

    private Map<String, String> settings() {
        Map<String, String> settings = TestApp.settings("analytics_watch", mail);
        settings.put("snapmask.watch.targets", "metabase");
        settings.put("snapmask.watch.metabase.url", metabase.url());
        settings.put("snapmask.watch.failures", "3");
        settings.put("snapmask.watch.freshness", "0");
        settings.put("snapmask.watch.read-timeout", "2s");
        settings.put("snapmask.watch.state-file", dir.resolve("watch-state.properties").toString());
        return settings;
    }

    private static void checks(TestApp app, int times) {
        for (int i = 0; i < times; i++) {
            app.watchCheck();
        }
    }

    private static List<String> subjects() {
        return Arrays.stream(mail.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String body(int index) throws Exception {
        return mail.getReceivedMessages()[index].getContent().toString();
    }

    @Test
    void three_failed_checks_send_one_alert_and_the_first_good_check_one_recovery_mail() throws Exception {
        try (TestApp app = TestApp.start(settings())) {
            checks(app, 2);
            metabase.answer(Answer.ERROR);
            Instant firstFailure = Instant.now();
            checks(app, 2);
            assertThat(subjects()).as("two failures are not down yet").isEmpty();

            app.watchCheck();
            assertThat(subjects()).containsExactly("snapmask watch: metabase is DOWN");
            String alert = body(0);
            assertThat(alert)
                    .startsWith("ACTION NEEDED: metabase is down.")
                    .contains("Checked:     GET " + metabase.url() + " (connect timeout 5 s, read timeout 2 s)")
                    .contains("Failed:      3 checks in a row")
                    .contains("Last answer: HTTP 503: {\"status\":\"error\",\"message\":\"Connection to application database lost\"}")
                    .contains("You get one more mail when it is back up, and no reminders in between.");
            Instant since = Instant.parse(alert.replaceAll("(?s).*Down since:  (\\S+).*", "$1"));
            assertThat(since).isBetween(firstFailure, firstFailure.plusSeconds(5));

            checks(app, 3);
            assertThat(subjects()).as("no repeated mails while it stays down").hasSize(1);

            metabase.answer(Answer.OK);
            checks(app, 2);
            assertThat(subjects()).hasSize(2);
            assertThat(subjects().get(1)).startsWith("snapmask watch: metabase is back UP after ");
            assertThat(body(1)).startsWith("metabase is back up.").contains("Down from:   " + since).contains("Downtime:    ")
                    .contains("Answer now:  HTTP 200: {\"status\":\"ok\"}").contains("What to do: docs/runbook.md, section \"Watch alerts\".");
        }
    }

    @Test
    void no_answer_within_the_read_timeout_and_a_refused_connection_are_failures() throws Exception {
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.read-timeout", "300ms");
        settings.put("snapmask.watch.targets", "metabase, reports");
        settings.put("snapmask.watch.reports.url", "http://127.0.0.1:" + MetabaseFake.freePort() + "/health");
        try (TestApp app = TestApp.start(settings)) {
            metabase.answer(Answer.HANG);
            checks(app, 3);
        }
        assertThat(subjects()).containsExactly("snapmask watch: metabase is DOWN", "snapmask watch: reports is DOWN");
        assertThat(body(0)).contains("Last answer: no answer within 300 ms (read timeout)");
        assertThat(body(1)).contains("Last answer: connection refused");
    }

    @Test
    void a_target_that_hangs_does_not_hold_up_a_refresh_telling_its_success() throws Exception {
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.read-timeout", "30s");
        try (TestApp app = TestApp.start(settings)) {
            metabase.answer(Answer.HANG);
            CompletableFuture<Void> check = CompletableFuture.runAsync(app::watchCheck);
            await().atMost(Duration.ofSeconds(10)).until(() -> metabase.hanging() == 1);
            Watch watch = app.context().getRegistry().lookupByNameAndType("watch", Watch.class);

            CompletableFuture.runAsync(watch::refreshSucceeded).get(10, TimeUnit.SECONDS);

            assertThat(check).as("the probe still hangs").isNotDone();
            metabase.answer(Answer.OK);
            metabase.close();
            check.get(40, TimeUnit.SECONDS);
        }
    }

    @Test
    void metabase_that_stops_listening_is_down_and_back_when_it_listens_again() throws Exception {
        try (TestApp app = TestApp.start(settings())) {
            metabase.answer(Answer.REFUSE);
            checks(app, 3);
            metabase.answer(Answer.OK);
            app.watchCheck();
        }
        assertThat(subjects()).hasSize(2);
        assertThat(subjects().get(0)).isEqualTo("snapmask watch: metabase is DOWN");
        assertThat(body(0)).contains("Last answer: connection refused");
        assertThat(subjects().get(1)).startsWith("snapmask watch: metabase is back UP after ");
    }

    @Test
    void a_restart_neither_sends_the_alert_again_nor_forgets_the_recovery() throws Exception {
        metabase.answer(Answer.ERROR);
        try (TestApp app = TestApp.start(settings())) {
            checks(app, 3);
        }
        assertThat(subjects()).containsExactly("snapmask watch: metabase is DOWN");
        try (TestApp app = TestApp.start(settings())) {
            checks(app, 2);
            assertThat(subjects()).as("still down after the restart: no second alert").hasSize(1);
            metabase.answer(Answer.OK);
            app.watchCheck();
        }
        assertThat(subjects()).hasSize(2);
        assertThat(subjects().get(1)).startsWith("snapmask watch: metabase is back UP after ");
    }

    @Test
    void an_alert_smtp_did_not_take_is_sent_after_the_restart() throws Exception {
        Map<String, String> noSmtp = settings();
        noSmtp.put("snapmask.mail.port", String.valueOf(MetabaseFake.freePort()));
        metabase.answer(Answer.ERROR);
        try (TestApp app = TestApp.start(noSmtp)) {
            checks(app, 4);
        }
        assertThat(subjects()).isEmpty();
        try (TestApp app = TestApp.start(settings())) {
            app.watchCheck();
            app.watchCheck();
        }
        assertThat(subjects()).as("the owed alert, once").containsExactly("snapmask watch: metabase is DOWN");
        assertThat(body(0)).contains("Failed:      5 checks in a row");
    }

    @Test
    void the_analytics_database_is_watched_with_select_1() throws Exception {
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.targets", "analytics, warehouse");
        settings.put("snapmask.watch.failures", "1");
        settings.put("snapmask.watch.warehouse.url", "jdbc:mysql://127.0.0.1:" + MetabaseFake.freePort() + "/");
        try (TestApp app = TestApp.start(settings)) {
            app.watchCheck();
        }
        assertThat(subjects()).as("analytics answers, the warehouse does not").containsExactly("snapmask watch: warehouse is DOWN");
        assertThat(body(0)).contains("Checked:     SELECT 1 on 127.0.0.1:").contains("Last answer: SQL error 0 (08S01)");
    }

    @Test
    void no_successful_refresh_for_longer_than_the_limit_alerts_and_the_next_success_clears_it() throws Exception {
        Path state = dir.resolve("watch-state.properties");
        Instant lastSuccess = Instant.now().minus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, String> settings = freshnessOnly(state, lastSuccess);
        try (TestApp app = TestApp.start(settings)) {
            app.watchCheck();
            app.watchCheck();
            assertThat(subjects()).containsExactly(
                    "snapmask watch: STALE DATA, last successful refresh " + lastSuccess + " (1 d 6 h ago)");
            assertThat(body(0)).contains("Last answer: last successful refresh " + lastSuccess + " (1 d 6 h ago)")
                    .contains("route refresh-schedule stopped");

            RunContext run = app.refresh();
            assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            app.watchCheck();
        }
        assertThat(subjects()).hasSize(2);
        assertThat(subjects().get(1)).isEqualTo("snapmask watch: refresh succeeded again");
        assertThat(Files.readString(state)).contains("refresh.last-success=" + Instant.now().toString().substring(0, 10));
    }

    @Test
    void a_success_another_process_records_in_the_state_file_counts_and_is_never_written_over() throws Exception {
        Path state = dir.resolve("watch-state.properties");
        Instant lastSuccess = Instant.now().minus(Duration.ofHours(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, String> settings = freshnessOnly(state, lastSuccess);
        try (TestApp app = TestApp.start(settings)) {
            app.watchCheck();
            assertThat(subjects()).containsExactly(
                    "snapmask watch: STALE DATA, last successful refresh " + lastSuccess + " (1 d 6 h ago)");

            // a run-once of the same install succeeds: that process records it in the shared file
            Instant runOnce = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            Files.writeString(state, Files.readString(state).replaceAll("refresh.last-success=.*",
                    "refresh.last-success=" + runOnce.toString().replace(":", "\\\\:")));
            app.watchCheck();

            assertThat(subjects()).hasSize(2);
            assertThat(subjects().get(1)).isEqualTo("snapmask watch: refresh succeeded again");
            assertThat(Files.readString(state)).as("this process's own save keeps the newer success")
                    .contains("refresh.last-success=" + runOnce.toString().replace(":", "\\:"));
        }
    }

    /** Only the freshness check (26 h, one failure alerts), with a state file whose last success is {@code lastSuccess}. */
    private Map<String, String> freshnessOnly(Path state, Instant lastSuccess) throws Exception {
        Files.writeString(state, "watch.since=2026-01-01T00\\:00\\:00Z\nrefresh.last-success=" + lastSuccess.toString().replace(":", "\\:") + "\n");
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.targets", "");
        settings.put("snapmask.watch.freshness", "26h");
        settings.put("snapmask.watch.failures", "1");
        return settings;
    }

    @Test
    void the_timer_runs_the_checks_when_the_watch_is_on() throws Exception {
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.enabled", "true");
        settings.put("snapmask.watch.interval", "200ms");
        settings.put("snapmask.watch.failures", "2");
        metabase.answer(Answer.ERROR);
        try (TestApp app = TestApp.start(settings)) {
            assertThat(app.context().getRouteController().getRouteStatus("bi-watch")).isEqualTo(ServiceStatus.Started);
            assertThat(mail.waitForIncomingEmail(15_000, 1)).isTrue();
        }
        assertThat(subjects()).containsExactly("snapmask watch: metabase is DOWN");
    }

    @Test
    void switched_off_the_timer_route_does_not_start() {
        try (TestApp app = TestApp.start(settings())) {
            assertThat(app.context().getRouteController().getRouteStatus("bi-watch")).isEqualTo(ServiceStatus.Stopped);
        }
    }

    @Test
    void each_wrong_watch_setting_is_named() {
        Map<String, String> noUrl = settings();
        noUrl.put("snapmask.watch.targets", "metabase, grafana");
        assertThatThrownBy(() -> TestApp.start(noUrl).close()).hasStackTraceContaining(
                "snapmask.watch.grafana.url is missing: snapmask.watch.targets names 'grafana', so it needs a health URL");

        Map<String, String> badUrl = settings();
        badUrl.put("snapmask.watch.metabase.url", "ftp://metabase/health");
        assertThatThrownBy(() -> TestApp.start(badUrl).close()).hasStackTraceContaining(
                "snapmask.watch.metabase.url is 'ftp://metabase/health', not an http(s):// or jdbc:mysql:// URL");

        Map<String, String> badDuration = settings();
        badDuration.put("snapmask.watch.freshness", "a day");
        assertThatThrownBy(() -> TestApp.start(badDuration).close()).hasStackTraceContaining(
                "snapmask.watch.freshness is 'a day', not a duration such as 90s, 10m, 26h or 1h30m");

        Map<String, String> badName = settings();
        badName.put("snapmask.watch.targets", "refresh");
        assertThatThrownBy(() -> TestApp.start(badName).close()).hasStackTraceContaining(
                "snapmask.watch.targets names 'refresh'");
    }

    @Test
    void a_damaged_state_file_is_named_with_the_key_to_fix() throws Exception {
        Path state = dir.resolve("watch-state.properties");
        Files.writeString(state, "target.metabase.failures=2\ntarget.metabase.down-since=yesterday\n");
        assertThatThrownBy(() -> TestApp.start(settings()).close()).hasStackTraceContaining(
                "names " + state + ", whose target.metabase.down-since is 'yesterday', not a UTC time");
    }
}
