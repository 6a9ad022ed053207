package snapmask.load;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.TestApp;
import snapmask.testing.TestMail;
import snapmask.testing.TestRules;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A value the analytics server would store differently fails the load, with the server's words
 * and without the value: production data MariaDB let in past a CHECK constraint
 * (check_constraint_checks=0), which MySQL enforces on every row it loads, never arrives changed
 * (here: left out) under SUCCEEDED.
 */
class LoadWarningsTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"load-data", "insert"})
    void a_value_the_server_would_change_fails_the_load_and_analytics_keeps_yesterday(String method) throws Exception {
        Engine.MARIADB.recreate("warn_source");
        Engine.MARIADB.execute("SET SESSION check_constraint_checks = 0",
                "CREATE TABLE warn_source.tickets (id INT PRIMARY KEY, state VARCHAR(30) NOT NULL,"
                        + " CONSTRAINT known_state CHECK (state IN ('open', 'closed')))",
                "INSERT INTO warn_source.tickets VALUES (1, 'open'), (2, 'reopened-by-Jane-Doe')");
        String analytics = "warn_analytics_" + method.replace('-', '_');
        Engine.MYSQL8.execute("SET GLOBAL local_infile = 1", "DROP DATABASE IF EXISTS " + analytics,
                "CREATE DATABASE " + analytics, "CREATE TABLE " + analytics + ".tickets (id INT PRIMARY KEY)",
                "INSERT INTO " + analytics + ".tickets VALUES (41)");
        Map<String, String> settings = TestApp.settings(analytics, mail);
        settings.put("snapmask.local.database", "warn_source");
        settings.put("snapmask.analytics.url", Engine.MYSQL8.server().url());
        settings.put("snapmask.load.method", method);
        settings.put("snapmask.masking.rules", TestRules.write(TestRules.KEEP_EVERYTHING).toString());
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        } finally {
            Engine.MYSQL8.execute(snapmask.testing.MySql8.LOCAL_INFILE_ON);
        }

        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("load");
        String expected = method.equals("load-data")
                ? "the analytics server changed values while loading, so the copy would not be exact (1 warning):"
                + " Warning 3819: Check constraint 'known_state' is violated."
                : "Check constraint 'known_state' is violated.";
        assertThat(run.failure()).hasMessageContaining("copying table tickets failed, the analytics tables are unchanged")
                .hasMessageContaining(expected);
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step load");
        assertThat(message.getContent().toString()).contains(expected).doesNotContain("reopened");
        assertThat(Engine.MYSQL8.rows("SELECT status, failed_step, error FROM " + analytics + "_history.runs"))
                .singleElement().satisfies(row -> {
                    assertThat(row).containsEntry("status", "FAILED").containsEntry("failed_step", "load");
                    assertThat(row.get("error")).contains(expected);
                });
        assertThat(Engine.MYSQL8.rows("SELECT id FROM " + analytics + ".tickets")).containsExactly(Map.of("id", "41"));
        assertThat(Engine.MYSQL8.databasesLike(analytics + "\\_\\_snapmask%")).isEmpty();
    }

    @Test
    void values_quoted_in_server_messages_are_cut_out_and_names_kept() {
        assertThat(LoadWarnings.scrub("Incorrect integer value: 'jane@example.com' for column 'age' at row 7"))
                .isEqualTo("Incorrect integer value: '(value not shown)' for column 'age' at row 7");
        assertThat(LoadWarnings.scrub("Duplicate entry 'jane@example.com' for key 'users.email_unique'"))
                .isEqualTo("Duplicate entry '(value not shown)' for key 'users.email_unique'");
        assertThat(LoadWarnings.scrub("Incorrect string value: '\\xF0\\x9F\\x98' for column `db`.`t`.`c` at row 1"))
                .isEqualTo("Incorrect string value: '(value not shown)' for column `db`.`t`.`c` at row 1");
        assertThat(List.of(LoadWarnings.scrub("Data truncated for column 'state' at row 2")))
                .containsExactly("Data truncated for column 'state' at row 2");
    }

    /** An apostrophe inside a word ("can't", "MariaDB's") opens no quote; one inside a quoted value does not close it. */
    @Test
    void words_with_apostrophes_stay_readable_and_values_with_them_go_whole() {
        assertThat(LoadWarnings.scrub("BLOB, TEXT, GEOMETRY or JSON column 'j2' can't have a default value); snapmask translates"
                + " MariaDB's INET4/INET6/UUID between engines"))
                .isEqualTo("BLOB, TEXT, GEOMETRY or JSON column 'j2' can't have a default value); snapmask translates"
                        + " MariaDB's INET4/INET6/UUID between engines");
        assertThat(LoadWarnings.scrub("Duplicate entry 'O'Brien's rock'n'roll' for key 'users.name'"))
                .isEqualTo("Duplicate entry '(value not shown)' for key 'users.name'");
        assertThat(LoadWarnings.scrub("Incorrect integer value: 'it''s' for column 'age'"))
                .isEqualTo("Incorrect integer value: '(value not shown)' for column 'age'");
    }
}
