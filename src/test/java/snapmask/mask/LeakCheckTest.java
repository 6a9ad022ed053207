package snapmask.mask;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.load.ScriptsRun;
import snapmask.run.RunContext;
import snapmask.testing.Masking;
import snapmask.testing.TestDatabase;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the analytics scripts make in staging is judged as production's tables are: a summary can carry personal data too. */
@Tag("fast")
class LeakCheckTest {

    private static final String STAGING = "leakcheck_staging";
    private final LeakCheck leakCheck = new LeakCheck(new SchemaGuard(false, 1000));

    @Test
    void a_view_or_summary_a_script_made_with_personal_columns_or_values_fails_the_step() {
        TestDatabase.recreate(STAGING);
        TestDatabase.execute("CREATE TABLE " + STAGING + ".summary_plans (plan VARCHAR(20), total INT)",
                "INSERT INTO " + STAGING + ".summary_plans VALUES ('pro', 3)",
                "CREATE TABLE " + STAGING + ".summary_notes (id INT PRIMARY KEY, note VARCHAR(200))",
                "INSERT INTO " + STAGING + ".summary_notes VALUES (1, 'call back, reach me at jane.roe@example.org')",
                "CREATE VIEW " + STAGING + ".contact_list AS SELECT plan, total AS email FROM " + STAGING + ".summary_plans");
        ScriptsRun clean = new ScriptsRun(TestDatabase.mysqlServer(), STAGING, List.of(), List.of("summary_plans"), List.of());
        assertThatCode(() -> leakCheck.made(new RunContext("test", java.time.Clock.systemUTC()), clean, Masking.shippedRules())).doesNotThrowAnyException();

        ScriptsRun leaky = new ScriptsRun(TestDatabase.mysqlServer(), STAGING, List.of(), List.of("summary_plans", "summary_notes"),
                List.of("contact_list"));
        assertThatThrownBy(() -> leakCheck.made(new RunContext("test", java.time.Clock.systemUTC()), leaky, Masking.shippedRules())).isInstanceOf(SchemaGuardException.class)
                .hasMessageContaining("contact_list.email (name looks personal)")
                .hasMessageContaining("summary_notes.note")
                .hasMessageNotContaining("jane.roe");
    }
}
