package snapmask.ops;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import snapmask.run.RunContext;
import snapmask.run.RunLedger;
import snapmask.testing.DatabaseProcess;
import snapmask.testing.DebianMariaDb;
import snapmask.testing.Engine;
import snapmask.testing.LogCapture;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;
import snapmask.testing.TestDirs;
import snapmask.testing.TestRules;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every failure reaches ops as one e-mail through the dead-letter channel; the temporary copy is gone by then. */
class FailureMailTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @Test
    void an_unreachable_analytics_server_fails_the_first_step_before_anything_is_restored() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_unreachable", mail);
        settings.put("snapmask.analytics.url", "jdbc:mysql://127.0.0.1:1/");
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
            assertThat(app.ledger().current()).as("the run is closed").isNull();
        }
        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("lock");

        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step lock");
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");
        String body = message.getContent().toString();
        assertThat(body)
                .contains("Run:        " + run.id())
                .contains("Step:       lock")
                .contains("Cause:      cannot reach the analytics server 127.0.0.1:1 to take the run lock")
                .contains("Root cause: ConnectException")
                .contains("nothing to clean up")
                .contains("Logs: logs/snapmask.log")
                .doesNotContain("NOT CLEANED UP");
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).isEmpty();
    }

    @Test
    void a_broken_masking_rule_fails_the_plan_step_and_analytics_keeps_yesterdays_data() throws Exception {
        TestDatabase.recreate("analytics_kept");
        TestDatabase.execute("CREATE TABLE analytics_kept.users (id INT PRIMARY KEY, username VARCHAR(50))",
                "INSERT INTO analytics_kept.users VALUES (1, 'masking_dummy_1')");
        Path rules = TestRules.write(TestRules.UNKNOWN_COLUMN);
        Map<String, String> settings = TestApp.settings("analytics_kept", mail);
        settings.put("snapmask.masking.rules", rules.toString());
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }
        assertThat(run.failedStep()).isEqualTo("plan");
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step plan");
        assertThat(message.getContent().toString()).contains(rules + " line 4: table 'users' has no column 'phone'");
        assertThat(message.getHeader(RunLedger.TRIGGER_HEADER)).as("the trigger's headers stay out of the mail").isNull();
        assertThat(TestDatabase.rows("SELECT * FROM analytics_kept.users")).containsExactly(
                Map.of("id", "1", "username", "masking_dummy_1"));
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).isEmpty();
    }

    /**
     * Production grew personal columns overnight, one in a table the rules mask and one in a new
     * table: one mail from the stage step names both, before any masking, and analytics keeps
     * yesterday's data.
     */
    @Test
    void new_personal_columns_fail_the_stage_step_all_named_in_one_mail_before_the_masking() throws Exception {
        TestDatabase.copyDatabase(TestDatabase.sampleProduction(), "production_grown");
        TestDatabase.execute("ALTER TABLE production_grown.users ADD COLUMN phone VARCHAR(40) NULL",
                "UPDATE production_grown.users SET phone = CONCAT('+81 90-1234-', 1000 + id)",
                "CREATE TABLE production_grown.addresses (id INT PRIMARY KEY, street VARCHAR(100))",
                "INSERT INTO production_grown.addresses VALUES (1, '1 Sakura-dori')");
        TestDatabase.recreate("analytics_grown");
        TestDatabase.execute("CREATE TABLE analytics_grown.users (id INT PRIMARY KEY)", "INSERT INTO analytics_grown.users VALUES (1)");
        Map<String, String> settings = TestApp.settings("analytics_grown", mail);
        settings.put("snapmask.local.database", "production_grown");
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }
        assertThat(run.failedStep()).isEqualTo("stage");
        assertThat(run.stepTimes()).doesNotContainKeys("mask", "verify", "load");
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step stage");
        assertThat(message.getContent().toString())
                .contains("users.phone (name looks personal)", "addresses.street (name looks personal)", "config/masking.yaml")
                .doesNotContain("+81 90");
        assertThat(TestDatabase.rows("SELECT id FROM analytics_grown.users")).containsExactly(Map.of("id", "1"));
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).isEmpty();
    }

    @Test
    void an_error_text_that_quotes_a_personal_value_reaches_neither_the_mail_nor_the_history_nor_the_log(@TempDir Path hooks)
            throws Exception {
        String phone = "+81 90-1234-5678";
        TestDatabase.copyDatabase(TestDatabase.sampleProduction(), "production_quoting");
        TestDatabase.execute("CREATE TABLE production_quoting.contacts (id INT PRIMARY KEY, note VARCHAR(40))",
                "INSERT INTO production_quoting.contacts VALUES (1, '" + phone + "'), (2, '" + phone + "')");
        // a hook that builds a lookup table and trips over a duplicate: the server quotes the value in its error
        Files.writeString(hooks.resolve("10-contacts.sql"), "CREATE TABLE contact_notes (note VARCHAR(40) PRIMARY KEY);\n"
                + "INSERT INTO contact_notes SELECT note FROM contacts;\n");
        Map<String, String> settings = TestApp.settings("analytics_quoting", mail);
        settings.put("snapmask.local.database", "production_quoting");
        settings.put("snapmask.masking.hooks", hooks.toString());
        RunContext run;
        try (LogCapture log = LogCapture.start(); TestApp app = TestApp.start(settings)) {
            run = app.refresh();
            assertThat(run.failedStep()).isEqualTo("mask");
            assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
            assertThat(log.lines()).anyMatch(l -> l.contains("Duplicate entry '(value not shown)'"))
                    .noneMatch(l -> l.contains(phone));
        }
        String body = mail.getReceivedMessages()[0].getContent().toString();
        assertThat(body).contains("Step:       mask").contains("10-contacts.sql")
                .contains("Duplicate entry '(value not shown)' for key")
                .contains("Root cause: SQLIntegrityConstraintViolationException")
                .contains("-- stack trace --").doesNotContain(phone);
        assertThat(TestDatabase.rows("SELECT status, failed_step, error FROM analytics_quoting_history.runs"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("status")).isEqualTo("FAILED");
                    assertThat(row.get("error")).contains("Duplicate entry '(value not shown)'").doesNotContain(phone);
                });
        assertThat(run.failure()).hasMessageNotContaining(phone);
    }

    /**
     * The analytics server goes away in the middle of the load: one mail, FAILED in step load, the
     * staging database it could not drop is no action for ops (the next run drops it), and the end of
     * the run reaches the history once the server is back (RunHistoryTest).
     */
    @Test
    void when_the_analytics_server_dies_mid_load_the_mail_says_load_failed_and_asks_for_no_action() throws Exception {
        TestDatabase.sampleProduction();
        String numbers = Engine.MARIADB.numbers("dies_numbers", 400_000);
        TestDatabase.execute("DROP DATABASE IF EXISTS production_big", "CREATE DATABASE production_big",
                "CREATE TABLE production_big.big (id INT PRIMARY KEY, filler VARCHAR(200))",
                "INSERT INTO production_big.big SELECT n, REPEAT('x', 200) FROM " + numbers);
        DatabaseProcess analytics = DebianMariaDb.startOwn("dies");
        try {
            Map<String, String> settings = TestApp.settings("analytics_dies", mail);
            settings.put("snapmask.local.database", "production_big");
            settings.put("snapmask.analytics.url", analytics.url());
            settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());
            try (TestApp app = TestApp.start(settings)) {
                CompletableFuture<RunContext> refresh = CompletableFuture.supplyAsync(app::refresh);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> !analyticsLoading(analytics).isEmpty());
                analytics.kill();
                RunContext run = refresh.get();
                assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
                assertThat(run.failedStep()).isEqualTo("load");
            }
        } finally {
            analytics.kill();
        }
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(mail.getReceivedMessages()).hasSize(1);
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step load");
        assertThat(message.getContent().toString()).contains("Cause:      copying table big failed, the analytics tables are unchanged")
                .contains("staging database analytics_dies__snapmask_staging left on ").contains("the next run removes it, nothing to do")
                .contains("scratch database snapmask_restore_").doesNotContain("ACTION NEEDED").doesNotContain("NOT CLEANED UP");
        assertThat(TestDatabase.databasesLike("snapmask\\_restore\\_%")).as("the copy is dropped all the same").isEmpty();
    }

    private static List<String> analyticsLoading(DatabaseProcess analytics) {
        try (var c = analytics.root().connect(null); var s = c.createStatement();
             var r = s.executeQuery("SELECT id FROM information_schema.processlist WHERE info LIKE 'LOAD DATA%'")) {
            List<String> ids = new java.util.ArrayList<>();
            while (r.next()) {
                ids.add(r.getString(1));
            }
            return ids;
        } catch (java.sql.SQLException e) {
            return List.of();
        }
    }

    @Test
    void when_the_mail_cannot_be_sent_the_run_still_ends_failed() {
        Map<String, String> settings = TestApp.settings("analytics_nomail", null);
        settings.put("snapmask.local.database", "no_such_database");
        try (TestApp app = TestApp.start(settings)) {
            RunContext run = app.refresh();
            assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(run.failedStep()).isEqualTo("find-snapshot");
            assertThat(run.failure()).hasMessageContaining("source database 'no_such_database' does not exist")
                    .hasMessageContaining("snapmask.local.database");
            assertThat(app.ledger().current()).isNull();
        }
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void a_mail_smtp_refused_is_kept_and_sent_once_smtp_is_back() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> settings = TestApp.settings("analytics_outbox", null);
        settings.put("snapmask.local.database", "no_such_database");
        settings.put("snapmask.mail.port", String.valueOf(port));
        settings.put("snapmask.mail.retry-interval", "200ms");
        Path outbox = TestDirs.of("test-outbox/analytics_outbox");
        if (Files.isDirectory(outbox)) {
            try (var kept = Files.list(outbox)) {
                for (Path file : kept.toList()) {
                    Files.delete(file);
                }
            }
        }
        try (TestApp app = TestApp.start(settings)) {
            RunContext run = app.refresh();
            assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
            assertThat(Files.list(outbox)).as("kept while SMTP is down").hasSize(1);

            GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            try {
                assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
                MimeMessage sent = smtp.getReceivedMessages()[0];
                assertThat(sent.getSubject()).isEqualTo("snapmask refresh: FAILED in step find-snapshot");
                assertThat(sent.getContent().toString()).contains("Run:        " + run.id())
                        .contains("source database 'no_such_database' does not exist");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.list(outbox).findAny().isEmpty());
                assertThat(smtp.getReceivedMessages()).as("sent once").hasSize(1);
            } finally {
                smtp.stop();
            }
        }
    }
}
