package snapmask.mask;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.TestRules;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code kind: json} on adversarial documents, on every engine: nested objects, arrays, unicode
 * keys, JSON null, documents that are not objects, SQL NULL, and text that is not JSON at all.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class JsonMaskingTest {

    private static final String DB = "mask_json";
    private static final HashKey KEY = new HashKey("correct horse battery staple");
    private static final String RULES = """
            tables:
              people:
                profile:
                  kind: json
                  paths:
                    $.phone: { kind: "null" }
                    $.contact.email: { kind: email, local: "user_{id}" }
                    $.address.*: { kind: constant, value: "(masked)" }
                    $.phones[*]: { kind: partial, keep-last: 2 }
                    $."電話": { kind: hash, length: 16 }
                    $.birth_year: { kind: noise, bound: 5 }
                    $.locale: { kind: keep }
            """;

    @Parameter
    Engine engine;

    private RunContext run;
    private RestoredCopy copy;

    @BeforeEach
    void people() {
        engine.recreate(DB);
        engine.execute("CREATE TABLE " + DB + ".people (id INT PRIMARY KEY, profile JSON NULL)",
                "INSERT INTO " + DB + ".people VALUES"
                        + " (1, '{\"phone\": \"+81 90-1234-5678\", \"contact\": {\"email\": \"taro@example.jp\", \"note\": \"ok\"},"
                        + " \"address\": {\"city\": \"Kyoto\", \"street\": \"1-2-3 Gion\"}, \"phones\": [\"090-1111-2222\","
                        + " \"03-3333-4444\", null], \"電話\": \"075-555-0101\", \"birth_year\": 1984, \"locale\": \"ja\"}'),"
                        + " (2, '{\"phone\": null, \"locale\": \"en\"}'),"
                        + " (3, '[1, 2, 3]'),"
                        + " (4, '\"just a string\"'),"
                        + " (5, NULL),"
                        + " (6, '{\"address\": {\"zip\": \"600-0000\"}, \"phones\": [\"+1 555 123 4567\"]}')");
        run = new RunContext("test", java.time.Clock.systemUTC());
        copy = new RestoredCopy(DB, engine.server(), DB);
    }

    private Masker masker(String yaml) {
        return new Masker(TestRules.write(yaml), KEY, MaskingHooks.none());
    }

    private Object profile(int id) throws Exception {
        String json = engine.rows("SELECT profile FROM " + DB + ".people WHERE id = " + id).get(0).get("profile");
        return json == null ? null : Jsoner.deserialize(json);
    }

    @Test
    @SuppressWarnings("unchecked")
    void each_path_is_masked_by_its_rule_and_everything_else_is_left_as_it_was() throws Exception {
        Masking.mask(masker(RULES), run, copy);

        JsonObject first = (JsonObject) profile(1);
        assertThat(first.get("phone")).isNull();
        assertThat(first).containsKey("phone");
        assertThat(((Map<String, Object>) first.get("contact"))).containsEntry("email", "user_1@example.jp").containsEntry("note", "ok");
        assertThat(((Map<String, Object>) first.get("address"))).containsEntry("city", "(masked)").containsEntry("street", "(masked)");
        assertThat((List<Object>) first.get("phones")).containsExactly("***********22", "**********44", null);
        assertThat(first.get("電話")).isEqualTo(KEY.hmacHex("075-555-0101").substring(0, 16));
        assertThat(((Number) first.get("birth_year")).intValue()).isBetween(1979, 1989);
        assertThat(first.get("birth_year")).as("still a whole number").isInstanceOf(java.math.BigDecimal.class)
                .satisfies(n -> assertThat(((java.math.BigDecimal) n).scale()).isZero());
        assertThat(first).containsEntry("locale", "ja");

        JsonObject second = (JsonObject) profile(2);
        assertThat(second).containsOnlyKeys("phone", "locale").containsEntry("locale", "en");
        assertThat(second.get("phone")).isNull();
        assertThat(profile(3)).as("not an object: nothing to mask").isEqualTo(List.of(new java.math.BigDecimal(1),
                new java.math.BigDecimal(2), new java.math.BigDecimal(3)));
        assertThat(profile(4)).isEqualTo("just a string");
        assertThat(profile(5)).isNull();
        JsonObject sixth = (JsonObject) profile(6);
        assertThat(sixth).as("missing paths stay missing").containsOnlyKeys("address", "phones");
        assertThat(((Map<String, Object>) sixth.get("address"))).containsEntry("zip", "(masked)");
        assertThat((List<Object>) sixth.get("phones")).containsExactly("*************67");
        assertThat(engine.count("SELECT COUNT(*) FROM " + DB + ".people WHERE profile IS NULL")).as("no document emptied")
                .isEqualTo(1);
    }

    @Test
    void the_leak_check_proves_every_path_and_names_a_path_put_back() {
        Masker masker = masker(RULES);
        Masking.mask(masker, run, copy);
        new LeakCheck().verify(run, copy, masker.plan(copy), List.of());
        assertThat(run.maskedColumns()).anyMatch(c -> c.startsWith("people.profile (json: "));

        engine.execute("UPDATE " + DB + ".people SET profile = JSON_SET(profile, '$.contact.email', 'taro@example.jp') WHERE id = 1");
        assertThatThrownBy(() -> new LeakCheck().verify(run, copy, masker.plan(copy), List.of())).isInstanceOf(LeakCheckException.class)
                .hasMessageContaining("people.profile: 1 value(s) not in masked form").hasMessageNotContaining("taro");
    }

    @Test
    void text_that_is_not_json_is_left_alone_and_fails_the_leak_check() {
        engine.execute("CREATE TABLE " + DB + ".notes (id INT PRIMARY KEY, data TEXT)",
                "INSERT INTO " + DB + ".notes VALUES (1, '{\"phone\": \"+81 90-1234-5678\"}'), (2, 'phone: +81 90-1234-5678')");
        Masker masker = masker("""
                tables:
                  notes:
                    data:
                      kind: json
                      paths:
                        $.phone: { kind: "null" }
                """);
        Masking.mask(masker, run, copy);
        assertThat(engine.rows("SELECT data FROM " + DB + ".notes ORDER BY id")).extracting(r -> r.get("data"))
                .containsExactly("{\"phone\": null}", "phone: +81 90-1234-5678");
        assertThatThrownBy(() -> new LeakCheck().verify(run, copy, masker.plan(copy), List.of())).hasMessageContaining("notes.data: 1 value(s) not in masked form");
    }

    @Test
    void a_wildcard_matching_nothing_masks_nothing_and_a_bad_path_is_refused_by_line() {
        Masking.mask(masker("tables:\n  people:\n    profile:\n      kind: json\n      paths:\n        $.nothing.*: { kind: \"null\" }\n"), run, copy);
        assertThat(engine.count("SELECT COUNT(*) FROM " + DB + ".people WHERE profile IS NULL")).isEqualTo(1);

        assertThatThrownBy(() -> masker("tables:\n  people:\n    profile:\n      kind: json\n      paths:\n"
                + "        $..phone: { kind: \"null\" }\n")).isInstanceOf(MaskingRulesException.class)
                .hasMessageContaining("line 6: people.profile: path '$..phone' is not a JSON path snapmask takes");
        assertThatThrownBy(() -> masker("tables:\n  people:\n    profile:\n      kind: json\n      paths:\n"
                + "        $.phone: { kind: json }\n")).hasMessageContaining("line 6: people.profile $.phone: kind 'json' cannot"
                + " mask a value inside JSON");
    }
}
