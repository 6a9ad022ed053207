package snapmask.mask;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.testing.TestDatabase;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Columns nobody wrote a rule for stop the run when they look personal: by name, by content, or in strict mode. */
class SchemaGuardTest {

    private static final String COPY = "guard_copy";
    private static final MaskingRules DEFAULT_RULES = MaskingRules.load(Path.of("config/masking.yaml"));

    @BeforeEach
    void copyOfProduction() {
        TestDatabase.sampleProduction();
        TestDatabase.copyDatabase(TestDatabase.PRODUCTION, COPY);
    }

    private void guard(boolean strict) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            new SchemaGuard(strict, 1000).check(c, COPY, DEFAULT_RULES);
        }
    }

    @Test
    void the_default_rules_cover_the_reference_schema() {
        assertThatCode(() -> guard(false)).doesNotThrowAnyException();
    }

    @Test
    void a_new_phone_column_in_users_fails_the_run() {
        TestDatabase.execute("ALTER TABLE " + COPY + ".users ADD COLUMN phone VARCHAR(40) NULL",
                "UPDATE " + COPY + ".users SET phone = CONCAT('+49 30 ', 1000000 + id)");
        assertThatThrownBy(() -> guard(false)).isInstanceOf(SchemaGuardException.class)
                .hasMessageContaining("users.phone (name looks personal)")
                .hasMessageContaining("config/masking.yaml")
                .hasMessageNotContaining("+49");
    }

    @Test
    void innocent_names_with_personal_content_are_caught_by_sampling() {
        TestDatabase.execute("ALTER TABLE " + COPY + ".posts ADD COLUMN contact VARCHAR(40) NULL, ADD COLUMN remarks TEXT NULL",
                "UPDATE " + COPY + ".posts SET contact = '(030) 1234-5678' WHERE id = 7",
                "UPDATE " + COPY + ".posts SET remarks = 'write to jane.doe@example.org for access' WHERE id = 9");
        assertThatThrownBy(() -> guard(false))
                .hasMessageContaining("posts.contact (values look like phone numbers)")
                .hasMessageContaining("posts.remarks (values hold e-mail addresses)")
                .hasMessageNotContaining("jane.doe");
    }

    @Test
    void a_new_table_is_checked_like_any_other() {
        TestDatabase.execute("CREATE TABLE " + COPY + ".leads (id INT PRIMARY KEY, contact_email VARCHAR(100), budget INT)");
        assertThatThrownBy(() -> guard(false)).hasMessageContaining("leads.contact_email (name looks personal)")
                .hasMessageNotContaining("leads.budget");
    }

    @Test
    void strict_mode_wants_a_rule_for_every_column_but_the_primary_key() {
        assertThatThrownBy(() -> guard(true)).hasMessageContaining("courses.title (no rule; strict mode)")
                .hasMessageNotContaining("courses.id ");
    }

    @Test
    void personal_names_are_recognised_and_ordinary_ones_are_not() {
        assertThat(SchemaGuard.nameLooksPersonal("billing_address")).isTrue();
        assertThat(SchemaGuard.nameLooksPersonal("PhoneNumber")).isTrue();
        assertThat(SchemaGuard.nameLooksPersonal("last_login_ip")).isTrue();
        assertThat(SchemaGuard.nameLooksPersonal("date_of_birth")).isTrue();
        assertThat(SchemaGuard.nameLooksPersonal("description")).isFalse();
        assertThat(SchemaGuard.nameLooksPersonal("thumbnail_url")).isFalse();
        assertThat(SchemaGuard.nameLooksPersonal("stripe_status")).isFalse();
    }
}
