package snapmask.mask;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reference rules on purpose-made rows: each value that broke the reference system's SQL. */
@Tag("fast")
class MaskerTest {

    private static final String DB = "mask_edge_cases";
    private static final Path RULES = TestRules.write(TestRules.REFERENCE);
    private RunContext run;
    private RestoredCopy copy;

    @BeforeEach
    void users() {
        TestDatabase.recreate(DB);
        TestDatabase.execute("CREATE TABLE " + DB + ".users (id BIGINT UNSIGNED PRIMARY KEY, username VARCHAR(255) NOT NULL,"
                + " email VARCHAR(255) NULL, UNIQUE KEY users_username_unique (username), UNIQUE KEY users_email_unique (email))"
                + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
        run = new RunContext("test", java.time.Clock.systemUTC());
        copy = new RestoredCopy(DB, TestDatabase.mysqlServer(), DB);
    }

    private void insert(long id, String username, String email) {
        TestDatabase.execute("INSERT INTO " + DB + ".users VALUES (" + id + ", '" + username + "', "
                + (email == null ? "NULL" : "'" + email.replace("'", "''") + "'") + ")");
    }

    private Map<String, String> user(long id) {
        return TestDatabase.rows("SELECT username, email FROM " + DB + ".users WHERE id = " + id).get(0);
    }

    @Test
    void a_domain_that_contains_the_local_part_stays_intact() {
        insert(3, "u3", "a@gmail.com");
        insert(5, "u5", "info@info.com");
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(3).get("email")).isEqualTo("masking_dummy_email_3@gmail.com");
        assertThat(user(5).get("email")).isEqualTo("masking_dummy_email_5@info.com");
    }

    @Test
    void an_address_without_at_and_an_empty_one_are_replaced_whole_and_null_stays_null() {
        insert(1, "u1", "no-at-sign");
        insert(2, "u2", "");
        insert(4, "u4", null);
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(1).get("email")).isEqualTo("masking_dummy_email_1");
        assertThat(user(2).get("email")).isEqualTo("masking_dummy_email_2");
        assertThat(user(4).get("email")).isNull();
    }

    @Test
    void several_at_signs_keep_only_the_part_after_the_last_as_domain() {
        insert(8, "u8", "\"odd@name\"@example.com");
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(8).get("email")).isEqualTo("masking_dummy_email_8@example.com");
    }

    @Test
    void unicode_addresses_keep_their_unicode_domain() {
        insert(12, "zoë", "zoë.ñúñez@bücher.example");
        insert(14, "日本", "ユーザー@例え.jp");
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(12)).containsEntry("email", "masking_dummy_email_12@bücher.example").containsEntry("username", "masking_dummy_12");
        assertThat(user(14).get("email")).isEqualTo("masking_dummy_email_14@例え.jp");
    }

    @Test
    void an_empty_username_is_masked() {
        insert(6, "", "x@example.com");
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(6).get("username")).isEqualTo("masking_dummy_6");
    }

    @Test
    void a_pre_existing_masked_looking_value_on_another_row_does_not_break_the_run() {
        insert(3, "masking_dummy_7", "masking_dummy_email_7@example.com");
        insert(7, "seven", "seven@example.com");
        insert(9, "MASKING_DUMMY_3", "nine@example.com");
        Masking.mask(new Masker(RULES), run, copy);
        assertThat(user(3)).containsEntry("username", "masking_dummy_3").containsEntry("email", "masking_dummy_email_3@example.com");
        assertThat(user(7)).containsEntry("username", "masking_dummy_7").containsEntry("email", "masking_dummy_email_7@example.com");
        assertThat(user(9)).containsEntry("username", "masking_dummy_9");
        assertThat(TestDatabase.rows("SHOW INDEX FROM " + DB + ".users WHERE Non_unique = 0"))
                .extracting(r -> r.get("Key_name")).contains("users_username_unique", "users_email_unique");
    }

    @Test
    void the_leak_check_passes_after_masking_and_reports_samples() {
        insert(1, "alice", "alice@example.com");
        insert(2, "bob", "bob@example.org");
        Masker masker = new Masker(RULES);
        Masking.mask(masker, run, copy);
        new LeakCheck().verify(run, copy, masker.plan(copy), List.of());
        assertThat(run.maskedColumns()).containsExactly("users.username", "users.email");
        assertThat(run.maskedSamples().get("users.email")).containsExactly("masking_dummy_email_1@example.com",
                "masking_dummy_email_2@example.org");
    }

    @Test
    void the_leak_check_names_table_column_and_count_but_never_a_value() {
        insert(1, "alice", "alice@example.com");
        insert(2, "masking_dummy_2", "masking_dummy_email_2@example.com");
        insert(3, "MASKING_DUMMY_3", "masking_dummy_email_3@example.com");
        assertThatThrownBy(() -> new LeakCheck().verify(run, copy, new Masker(RULES).plan(copy), List.of()))
                .isInstanceOf(LeakCheckException.class)
                .hasMessageContaining("users.username: 2 value(s) not in masked form")
                .hasMessageContaining("users.email: 1 value(s) not in masked form")
                .hasMessageNotContaining("alice").hasMessageNotContaining("MASKING_DUMMY_3");
    }

    @Test
    void a_rule_that_cannot_keep_a_unique_column_unique_fails_and_says_so() throws IOException {
        insert(1, "masking_dummy_2", "a@example.com");
        insert(2, "u2", "b@example.com");
        Path rules = Files.writeString(Files.createTempFile("rules", ".yaml"),
                "tables:\n  users:\n    username:\n      kind: template\n      template: \"masking_dummy_{email}\"\n"
                        + "    email:\n      kind: email\n      local: \"same_{id}\"\n");
        assertThatThrownBy(() -> Masking.mask(new Masker(rules), run, copy))
                .isInstanceOf(MaskingRulesException.class)
                .hasMessageContaining(rules + " line 4: users.username (template): the column is UNIQUE (index users_username_unique)"
                        + " and this rule would give rows the same value")
                .hasMessageContaining("users.username (template): uses {email}, which is masked itself");
        assertThat(user(1)).as("nothing ran").containsEntry("username", "masking_dummy_2");
    }

    /** A copy of 1,500 tables would put every name into the mail: twenty, then a count. */
    @Test
    void a_rule_on_a_missing_table_names_the_file_line_and_twenty_of_the_tables_there_are() {
        for (int i = 0; i < 24; i++) {
            TestDatabase.execute("CREATE TABLE " + DB + ".t" + (100 + i) + " (id INT PRIMARY KEY)");
        }
        Path rules = TestRules.write("tables:\n  customers:\n    name:\n      kind: keep\n");
        assertThatThrownBy(() -> Masking.mask(new Masker(rules), run, copy))
                .isInstanceOf(MaskingRulesException.class)
                .hasMessageContaining(rules + " line 4: table 'customers' does not exist in " + DB + " (tables: t100, t101, ")
                .hasMessageContaining(", t119 and 5 more)")
                .hasMessageNotContaining("t120");
    }

    @Test
    void a_rule_on_a_missing_column_names_the_file_line_table_and_column() throws IOException {
        insert(1, "u1", "a@example.com");
        Path rules = TestRules.write(TestRules.UNKNOWN_COLUMN);
        assertThatThrownBy(() -> Masking.mask(new Masker(rules), run, copy))
                .isInstanceOf(MaskingRulesException.class)
                .hasMessageContaining(rules + " line 4")
                .hasMessageContaining("table 'users' has no column 'phone'");
        assertThat(user(1)).containsEntry("username", "u1");
    }

    @Test
    void masking_is_idempotent_so_a_second_pass_changes_nothing() {
        insert(1, "alice", "alice@example.com");
        Masker masker = new Masker(RULES);
        Masking.mask(masker, run, copy);
        List<Map<String, String>> once = TestDatabase.rows("SELECT * FROM " + DB + ".users");
        Masking.mask(masker, run, copy);
        assertThat(TestDatabase.rows("SELECT * FROM " + DB + ".users")).isEqualTo(once);
    }
}
