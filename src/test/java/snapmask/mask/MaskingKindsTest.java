package snapmask.mask;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.TestRules;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule kind on realistic and adversarial values, on a real MariaDB and a real MySQL 8 (hash = Java's HMAC on both). */
@Tag("fast")
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class MaskingKindsTest {

    @Parameter
    Engine engine;

    private static final String DB = "mask_kinds";
    private static final HashKey KEY = new HashKey("correct horse battery staple");
    private static final String LONG = "x".repeat(240) + "@example.com";

    private RunContext run;
    private RestoredCopy copy;

    @BeforeEach
    void createTables() {
        engine.recreate(DB);
        engine.execute("CREATE TABLE " + DB + ".customers (id INT UNSIGNED PRIMARY KEY, full_name VARCHAR(255),"
                        + " email VARCHAR(255) NOT NULL, phone VARCHAR(40), birth_date DATE, salary INT UNSIGNED, iban VARCHAR(34),"
                        + " note TEXT NOT NULL, UNIQUE KEY customers_email_unique (email))"
                        + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
                "CREATE TABLE " + DB + ".orders (id INT UNSIGNED PRIMARY KEY, customer_id INT UNSIGNED NOT NULL,"
                        + " customer_email VARCHAR(255), CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES "
                        + DB + ".customers (id)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
                "INSERT INTO " + DB + ".customers VALUES"
                        + " (1, 'Zoë Ñúñez-日本', 'zoe@example.com', '+44 20 7946 0958', '1990-02-28', 52000, 'DE89370400440532013000', 'vip'),"
                        + " (2, NULL, 'MASKING_DUMMY_EMAIL_1@example.com', 'abc', NULL, NULL, NULL, ''),"
                        + " (3, '', 'a@b@c.example.org', NULL, '2000-01-01', 0, 'GB82WEST12345698765432', 'x'),"
                        + " (4, 'Ann', '" + LONG + "', '', '1985-07-04', 1, '', 'y')",
                "INSERT INTO " + DB + ".orders VALUES (10, 1, 'zoe@example.com'), (11, 3, 'a@b@c.example.org'), (12, 4, NULL)");
        run = new RunContext("test", java.time.Clock.systemUTC());
        copy = new RestoredCopy(DB, engine.server(), DB);
    }

    private Masker masker(String yaml) {
        return new Masker(TestRules.write(yaml), KEY, MaskingHooks.none());
    }

    private List<Map<String, String>> customers() {
        return engine.rows("SELECT * FROM " + DB + ".customers ORDER BY id");
    }

    @Test
    void hash_is_hmac_sha256_and_the_same_value_masks_the_same_in_every_table() {
        Masking.mask(masker("""
                tables:
                  customers:
                    email: { kind: hash }
                  orders:
                    customer_email: { kind: hash }
                """), run, copy);
        assertThat(customers().get(0).get("email")).isEqualTo(KEY.hmacHex("zoe@example.com"));
        assertThat(customers().get(3).get("email")).isEqualTo(KEY.hmacHex(LONG));
        assertThat(engine.count("SELECT COUNT(*) FROM " + DB + ".orders o JOIN " + DB
                + ".customers c ON c.email = o.customer_email")).as("joins on masked values still work").isEqualTo(2);
        assertThat(engine.rows("SELECT customer_email FROM " + DB + ".orders WHERE id = 12").get(0).get("customer_email")).isNull();
        assertThat(engine.count("SELECT COUNT(DISTINCT email) FROM " + DB + ".customers")).isEqualTo(4);
    }

    @Test
    void hash_with_prefix_and_length_and_a_different_key_gives_other_values() {
        Masking.mask(new Masker(TestRules.write("tables:\n  customers:\n    email: { kind: hash, prefix: \"h_\", length: 32 }\n"),
                new HashKey("another key of sixteen+"), MaskingHooks.none()), run, copy);
        String masked = customers().get(0).get("email");
        assertThat(masked).matches("h_[0-9a-f]{32}").isNotEqualTo("h_" + KEY.hmacHex("zoe@example.com").substring(0, 32));
    }

    @Test
    void null_constant_partial_and_keep_do_what_they_say() {
        Masking.mask(masker("""
                tables:
                  customers:
                    full_name: { kind: "null" }
                    note: { kind: constant, value: "(masked)" }
                    phone: { kind: partial, keep-first: 3, keep-last: 2 }
                    iban: { kind: partial, keep-first: 4, mask-char: "#" }
                    email: { kind: keep }
                """), run, copy);
        List<Map<String, String>> rows = customers();
        assertThat(rows).extracting(r -> r.get("full_name")).containsOnlyNulls();
        assertThat(rows).extracting(r -> r.get("note")).containsOnly("(masked)");
        assertThat(rows).extracting(r -> r.get("phone")).containsExactly("+44***********58", "***", null, "");
        assertThat(rows).extracting(r -> r.get("iban")).containsExactly("DE89##################", null,
                "GB82##################", "");
        assertThat(rows.get(0).get("email")).isEqualTo("zoe@example.com");
    }

    @Test
    void noise_shifts_dates_and_numbers_within_the_bound_the_same_way_every_night() {
        String rules = """
                tables:
                  customers:
                    birth_date: { kind: noise, bound: 30, unit: day }
                    salary: { kind: noise, bound: 1000 }
                """;
        Masking.mask(masker(rules), run, copy);
        List<Map<String, String>> first = customers();
        long days = ChronoUnit.DAYS.between(LocalDate.parse("1990-02-28"), LocalDate.parse(first.get(0).get("birth_date")));
        assertThat(days).isBetween(-30L, 30L);
        assertThat(Long.parseLong(first.get(0).get("salary"))).isBetween(51_000L, 53_000L);
        assertThat(Long.parseLong(first.get(3).get("salary"))).as("unsigned never below 0").isBetween(0L, 1001L);
        assertThat(first.get(1).get("birth_date")).isNull();

        createTables(); // tomorrow: a fresh copy, the same rules and key
        Masking.mask(masker(rules), run, copy);
        assertThat(customers().get(0)).containsEntry("birth_date", first.get(0).get("birth_date"))
                .containsEntry("salary", first.get(0).get("salary"));
    }

    @Test
    void email_keeps_odd_domains_replaces_them_on_request_and_drops_one_too_long_to_fit() {
        Masking.mask(masker("tables:\n  customers:\n    email: { kind: email, local: \"u{id}\" }\n"), run, copy);
        assertThat(customers()).extracting(r -> r.get("email")).containsExactly("u1@example.com", "u2@example.com",
                "u3@c.example.org", "u4@example.com");
        createTables();
        engine.execute("UPDATE " + DB + ".customers SET email = CONCAT('someone@', REPEAT('d', 240), '.com') WHERE id = 4");
        Masking.mask(masker("tables:\n  customers:\n    email: { kind: email, local: \"masking_dummy_email_{id}\" }\n"), run, copy);
        assertThat(customers().get(3).get("email")).as("22 + 1 + 244 characters do not fit 255").isEqualTo("masking_dummy_email_4");
        Masking.mask(masker("tables:\n  customers:\n    email: { kind: email, local: \"u{id}\", domain: example.invalid }\n"), run, copy);
        assertThat(customers().get(0).get("email")).isEqualTo("u1@example.invalid");
    }

    @Test
    void the_leak_check_catches_what_each_kind_left_behind() {
        Masker masker = masker("""
                tables:
                  customers:
                    full_name: { kind: "null" }
                    note: { kind: constant, value: "(masked)" }
                    email: { kind: hash }
                    salary: { kind: noise, bound: 5 }
                """);
        assertThatThrownBy(() -> new LeakCheck().verify(run, copy, masker.plan(copy), List.of()))
                .isInstanceOf(LeakCheckException.class)
                .hasMessageContaining("customers.full_name: 3 value(s)")
                .hasMessageContaining("customers.note: 4 value(s)")
                .hasMessageContaining("customers.email: 4 value(s)")
                .hasMessageNotContaining("salary").hasMessageNotContaining("zoe");
        Masking.mask(masker, run, copy);
        new LeakCheck().verify(run, copy, masker.plan(copy), List.of());
        assertThat(run.maskedColumns()).contains("customers.salary (noise, not checkable)");
    }

    @Test
    void rules_that_do_not_fit_the_schema_are_refused_with_file_line_table_and_column_before_anything_runs() {
        Path rules = TestRules.write("""
                tables:
                  customers:
                    phone: { kind: noise, bound: 3 }
                    note: { kind: "null" }
                    iban: { kind: hash }
                    email: { kind: constant, value: x }
                    id: { kind: constant, value: "1" }
                  orders:
                    customer_id: { kind: constant, value: "1" }
                """);
        assertThatThrownBy(() -> Masking.mask(new Masker(rules, KEY, MaskingHooks.none()), run, copy))
                .isInstanceOf(MaskingRulesException.class)
                .hasMessageContaining(rules + " line 3: customers.phone (noise): does not fit a varchar(40) column")
                .hasMessageContaining(rules + " line 4: customers.note (null): the column is NOT NULL")
                .hasMessageContaining(rules + " line 5: customers.iban (hash): the hash is 64 characters but the column is varchar(34)")
                .hasMessageContaining(rules + " line 6: customers.email (constant): the column is UNIQUE (index customers_email_unique)")
                .hasMessageContaining(rules + " line 7: customers.id (constant): is part of the primary key")
                .hasMessageContaining(rules + " line 9: orders.customer_id (constant): is in the foreign key orders_customer_fk");
        assertThat(customers().get(0)).containsEntry("note", "vip");
    }

    @Test
    void a_hash_rule_without_a_key_says_which_variable_to_set() {
        assertThatThrownBy(() -> new Masker(TestRules.write("tables:\n  customers:\n    email: { kind: hash }\n")))
                .hasMessageContaining("line 3: customers.email: kind hash needs a secret key: set SNAPMASK_MASKING_HASH_KEY");
    }

    @Test
    void hooks_run_after_the_rules_in_name_order_and_a_broken_one_names_its_file() throws Exception {
        Path hooks = java.nio.file.Files.createTempDirectory("hooks");
        java.nio.file.Files.writeString(hooks.resolve("20-second.sql"), "UPDATE customers SET note = CONCAT(note, '-2');\n");
        java.nio.file.Files.writeString(hooks.resolve("10-first.sql"),
                "-- runs first\nUPDATE customers\n  SET note = 'hooked';\n");
        Masking.mask(new Masker(TestRules.write(TestRules.REFERENCE.replace("users", "customers").replace("username", "full_name")),
                KEY, new MaskingHooks(hooks)), run, copy);
        assertThat(customers()).extracting(r -> r.get("note")).containsOnly("hooked-2");

        java.nio.file.Files.writeString(hooks.resolve("30-broken.sql"), "UPDATE customers SET no_such_column = 1;\n");
        assertThatThrownBy(() -> Masking.mask(new Masker(TestRules.write("tables: {}\n"), KEY, new MaskingHooks(hooks)), run, copy))
                .hasMessageContaining(hooks.resolve("30-broken.sql") + " statement 1 failed")
                .hasMessageContaining("no_such_column");
    }
}
