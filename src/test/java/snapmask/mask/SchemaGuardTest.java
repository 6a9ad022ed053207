package snapmask.mask;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.testing.Engine;
import snapmask.testing.TestDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Columns nobody wrote a rule for stop the run when they look personal: by name, by content, or in strict mode. */
@Tag("fast")
class SchemaGuardTest {

    private static final String COPY = "guard_copy";
    private static final MaskingRules DEFAULT_RULES = MaskingRules.load(Path.of("config/masking.yaml"));

    @BeforeEach
    void copyOfProduction() {
        TestDatabase.sampleProduction();
        TestDatabase.copyDatabase(TestDatabase.PRODUCTION, COPY);
    }

    private SchemaGuard.Sampled guard(boolean strict) throws Exception {
        try (Connection c = TestDatabase.connect()) {
            return new SchemaGuard(strict, 1000).check(c, COPY, DEFAULT_RULES);
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

    /** A new schema can bring hundreds: the mail names twenty and says where to see them all. */
    @Test
    void many_columns_without_a_rule_are_named_twenty_at_a_time_and_counted() {
        for (int i = 0; i < 25; i++) {
            TestDatabase.execute("CREATE TABLE " + COPY + ".tenant_" + i + " (id INT PRIMARY KEY, phone VARCHAR(40))");
        }
        assertThatThrownBy(() -> guard(false)).isInstanceOfSatisfying(SchemaGuardException.class, e -> {
            assertThat(e.findings()).hasSize(25);
            assertThat(e.getMessage()).contains(e.findings().get(19)).doesNotContain(e.findings().get(20))
                    .contains(" and 5 more (java -jar snapmask.jar plan lists them all). Add a rule for each to config/masking.yaml");
        });
    }

    /** The stage step copies each table the guard hands on: what it flags must never be handed on. */
    @Test
    void each_table_is_handed_on_once_cleared_those_with_nothing_to_sample_first_and_a_flagged_one_never() throws Exception {
        TestDatabase.execute("ALTER TABLE " + COPY + ".posts ADD COLUMN remarks TEXT NULL",
                "UPDATE " + COPY + ".posts SET remarks = 'write to jane.doe@example.org for access' WHERE id = 9");
        List<List<String>> handedOn = new java.util.ArrayList<>();
        try (Connection c = TestDatabase.connect()) {
            assertThatThrownBy(() -> new SchemaGuard(false, 1000).check(c, COPY, DEFAULT_RULES, t -> !t.equals("users"), handedOn::add))
                    .hasMessageContaining("posts.remarks (values hold e-mail addresses)");
        }
        assertThat(handedOn.stream().flatMap(List::stream)).doesNotContain("posts", "users").contains("courses", "lectures", "subscriptions");
        // no text column without a rule: cleared by their columns alone, together (the load starts the biggest first),
        // before any sample is read; then each sampled table on its own
        assertThat(handedOn.get(0)).containsExactlyInAnyOrder("category_posts", "learning_histories", "taking_courses");
        assertThat(handedOn.subList(1, handedOn.size())).allSatisfy(tables -> assertThat(tables).hasSize(1));
    }

    /**
     * Before the masking the guard judges the masked tables' column names with everything else (a
     * name does not change with the masking), but not their values, which the masking may still change.
     */
    @Test
    void before_the_masking_the_masked_tables_names_are_judged_with_the_rest_and_their_values_are_not() throws Exception {
        TestDatabase.execute("ALTER TABLE " + COPY + ".users ADD COLUMN phone VARCHAR(40) NULL, ADD COLUMN remarks TEXT NULL",
                "UPDATE " + COPY + ".users SET remarks = 'write to jane.doe@example.org for access' WHERE id = 3",
                "CREATE TABLE " + COPY + ".leads (id INT PRIMARY KEY, contact_email VARCHAR(100))");
        List<List<String>> handedOn = new java.util.ArrayList<>();
        try (Connection c = TestDatabase.connect()) {
            assertThatThrownBy(() -> new SchemaGuard(false, 1000).check(c, COPY, DEFAULT_RULES, t -> !t.equals("users"), handedOn::add))
                    .hasMessageContaining("users.phone (name looks personal)")
                    .hasMessageContaining("leads.contact_email (name looks personal)")
                    .hasMessageNotContaining("users.remarks");
        }
        assertThat(handedOn.stream().flatMap(List::stream)).doesNotContain("users", "leads");
    }

    @Test
    void innocent_names_with_personal_content_are_caught_by_sampling() {
        TestDatabase.execute("ALTER TABLE " + COPY + ".posts ADD COLUMN contact VARCHAR(40) NULL, ADD COLUMN remarks TEXT NULL",
                "UPDATE " + COPY + ".posts SET contact = '(030) 1234-5678' WHERE id = 7",
                "UPDATE " + COPY + ".posts SET remarks = 'write to jane.doe@example.org for access' WHERE id = 9");
        assertThatThrownBy(() -> guard(false))
                .hasMessageContaining("posts.contact (values hold phone numbers)")
                .hasMessageContaining("posts.remarks (values hold e-mail addresses)")
                .hasMessageNotContaining("jane.doe");
    }

    @Test
    void personal_keys_at_any_depth_and_personal_values_inside_json_are_found_by_path() {
        TestDatabase.execute("UPDATE " + COPY + ".users SET profile = JSON_SET(profile, '$.phone', '+81 90-1234-5678') WHERE id = 3",
                "UPDATE " + COPY + ".users SET profile = JSON_SET(profile, '$.prefs', JSON_OBJECT('contacts',"
                        + " JSON_ARRAY(JSON_OBJECT('mobileNumber', '1')))) WHERE id = 4",
                "UPDATE " + COPY + ".users SET profile = JSON_SET(profile, '$.bio', 'write to jane.doe@example.org') WHERE id = 5",
                "UPDATE " + COPY + ".users SET profile = JSON_SET(profile, '$.\"好きな色\"', '青') WHERE id = 6");
        assertThatThrownBy(() -> guard(false)).isInstanceOf(SchemaGuardException.class)
                .hasMessageContaining("users.profile $.phone (JSON key looks personal)")
                .hasMessageContaining("users.profile $.prefs.contacts[*].mobileNumber (JSON key looks personal)")
                .hasMessageContaining("users.profile $.bio (values hold e-mail addresses)")
                .hasMessageNotContaining("好きな色").hasMessageNotContaining("jane").hasMessageNotContaining("1234");
    }

    @Test
    void phone_numbers_and_birth_dates_inside_prose_are_found_and_dates_and_amounts_are_not() {
        assertThat(List.of("call me on 090-1234-5678 after six", "office: 03-3333-4444", "tel.+81 90 1234 5678 (mobile)",
                "US line (555) 123-4567", "+1 555 123 4567 is the desk", "電話 09012345678 まで"))
                .allSatisfy(text -> assertThat(SchemaGuard.textLooksPersonal(text)).as(text).isEqualTo("values hold phone numbers"));
        assertThat(List.of("born on 1990-05-01 in Osaka", "DOB: 04/01/1985", "生年月日：1985年4月1日", "birthday Jan 5, 1992"))
                .allSatisfy(text -> assertThat(SchemaGuard.textLooksPersonal(text)).as(text).isEqualTo("values hold dates of birth"));
        assertThat(List.of("order of 2024-01-15 shipped", "total 1234567 yen", "version 10.11.6", "id 18446744073709551615",
                "lesson 3 of 12, 45 min", "2026-11-26 01:02:03"))
                .allSatisfy(text -> assertThat(SchemaGuard.textLooksPersonal(text)).as(text).isNull());
    }

    @Test
    void the_sample_is_spread_over_the_whole_table_and_the_report_says_how_many_rows_it_read() throws Exception {
        TestDatabase.execute("CREATE TABLE " + COPY + ".tickets (id INT PRIMARY KEY, remarks VARCHAR(100))",
                "INSERT INTO " + COPY + ".tickets SELECT n, IF(n > 100000, CONCAT('reply to user', n, '@example.com'), 'fine')"
                        + " FROM " + Engine.MARIADB.numbers("guard_numbers", 120_000));
        assertThatThrownBy(() -> guard(false)).hasMessageContaining("tickets.remarks (values hold e-mail addresses)");

        TestDatabase.execute("UPDATE " + COPY + ".tickets SET remarks = 'fine'");
        SchemaGuard.Sampled sampled = guard(false);
        assertThat(sampled.rows()).as("at most 1,000 rows per table, of every sampled table").isPositive()
                .isLessThanOrEqualTo(1000L * sampled.tables());
        assertThat(sampled.toString()).startsWith("schema guard looked at " + sampled.rows() + " row(s) of " + sampled.tables()
                + " table(s)");
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
