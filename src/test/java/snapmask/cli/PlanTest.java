package snapmask.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** plan prints the SQL and the checks of a run against the real schema, and changes nothing. */
@Tag("fast")
class PlanTest {

    private static String checksums() {
        List<Map<String, String>> rows = TestDatabase.rows("CHECKSUM TABLE production.users, production.posts");
        return rows.toString();
    }

    @Test
    void plan_prints_the_update_the_probes_and_the_leak_checks_and_changes_nothing() throws Exception {
        TestDatabase.sampleProduction();
        String before = checksums();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Plan.run(TestApp.settings("analytics_plan", null), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isZero();
        assertThat(printed).contains("config/masking.yaml checked against production")
                // the birth year's noise is keyed by the session's secret table, joined by name: no key in the SQL
                .contains("UPDATE `users`, snapmask_secret SET `username` = CASE WHEN `username` IS NULL THEN NULL ELSE"
                        + " CONCAT('masking_dummy_'")
                .contains("JSON_REPLACE(`profile`, '$.birth_year', ").contains("SHA2(CONCAT(snapmask_ipad, 'snapmask-noise:users.profile:'")
                .contains("-- index(es) [users_email_unique, users_username_unique] are dropped for the update and built again after it")
                .contains("-- leak check users.email, must be 0:")
                .contains("-- schema guard: every column that looks personal has a rule")
                .contains("nothing was changed");
        assertThat(checksums()).isEqualTo(before);
        assertThat(TestDatabase.databasesLike("analytics\\_plan%")).isEmpty();
    }

    @Test
    void plan_reports_invalid_rules_and_exits_1() throws Exception {
        Map<String, String> settings = TestApp.settings("analytics_plan", null);
        settings.put("snapmask.masking.rules", TestRules.write("tables:\n  users:\n    username: { kind: noise, bound: 1 }\n").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Plan.run(settings, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("line 3: users.username (noise): does not fit a varchar(255) column");
    }
}
