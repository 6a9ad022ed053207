package snapmask.load;

import org.junit.jupiter.api.Tag;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.FaultInjection;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestMail;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Before the swap, each table in staging is proven to hold the values sent. A value the analytics
 * server stores otherwise, without a warning (here: one byte of one row, changed by a trigger in
 * staging), fails the run in the load, the mail names the table, the column and the row's key but
 * not the value, and analytics keeps yesterday's tables.
 */
@Tag("fast")
class CopyCheckTest {

    @RegisterExtension
    static GreenMailExtension mail = TestMail.server();

    @Test
    void one_changed_byte_in_staging_fails_the_run_before_the_swap_naming_table_column_and_key() throws Exception {
        Engine.MARIADB_10_11.execute("DROP DATABASE IF EXISTS analytics_checked", "CREATE DATABASE analytics_checked",
                "CREATE TABLE analytics_checked.categories (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO analytics_checked.categories VALUES (1, 'yesterday')");
        // production on MariaDB 11.4, analytics on Debian's 10.11: the values compared as both servers print them
        Map<String, String> settings = TestApp.settings("analytics_checked", mail);
        settings.put("snapmask.analytics.url", Engine.MARIADB_10_11.jdbcUrl());
        FaultInjection faults = new FaultInjection();
        // once staging's tables exist, before any row is copied: the server changes one byte of one row as it stores it
        faults.before("leakCheck", "guard", () -> Engine.MARIADB_10_11.execute("CREATE TRIGGER"
                + " analytics_checked__snapmask_staging.one_byte BEFORE INSERT ON analytics_checked__snapmask_staging.categories"
                + " FOR EACH ROW SET NEW.name = IF(NEW.id = 7, INSERT(NEW.name, 2, 1, '#'), NEW.name)"));
        RunContext run;
        try (TestApp app = TestApp.start(settings, faults)) {
            run = app.refresh();
        }

        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("load");
        assertThat(run.failure()).hasMessageContaining("table categories, column name: a value in staging is not the masked"
                + " copy's (row with id 7); nothing was swapped");
        assertThat(Engine.MARIADB_10_11.rows("SELECT id, name FROM analytics_checked.categories"))
                .as("yesterday's tables").containsExactly(Map.of("id", "1", "name", "yesterday"));
        assertThat(Engine.MARIADB_10_11.databasesLike("analytics\\_checked\\_\\_snapmask%")).as("staging dropped").isEmpty();
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("snapmask refresh: FAILED in step load");
        String name = Engine.MARIADB.rows("SELECT name FROM " + TestDatabase.sampleProduction() + ".categories WHERE id = 7").get(0).get("name");
        assertThat(message.getContent().toString()).contains("table categories, column name: a value in staging is not the masked"
                + " copy's (row with id 7)").doesNotContain(name);
    }
}
