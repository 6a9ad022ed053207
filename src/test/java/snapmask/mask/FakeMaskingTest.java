package snapmask.mask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.TestRules;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code kind: fake} on every engine: realistic, the same for the same input everywhere and every night, unique on demand. */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class FakeMaskingTest {

    private static final HashKey KEY = new HashKey("correct horse battery staple");
    private static final String RULES = """
            tables:
              customers:
                full_name: { kind: fake, type: name, locale: ja }
                city: { kind: fake, type: city, locale: ja }
                phone: { kind: fake, type: phone, locale: ja, unique: true }
                profile:
                  kind: json
                  paths:
                    $.contact.name: { kind: fake, type: name, locale: ja }
              orders:
                customer_name: { kind: fake, type: name, locale: ja }
            """;

    @Parameter
    Engine engine;

    private void night(String db) {
        engine.recreate(db);
        engine.execute("CREATE TABLE " + db + ".customers (id INT PRIMARY KEY, full_name VARCHAR(60), city VARCHAR(40),"
                        + " phone VARCHAR(40) NOT NULL, profile JSON, UNIQUE KEY customers_phone (phone)) DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + db + ".orders (id INT PRIMARY KEY, customer_name VARCHAR(60)) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + db + ".customers VALUES (1, '山田 太郎', '京都市', '090-1111-2222', '{\"contact\": {\"name\": \"山田 太郎\"}}'),"
                        + " (2, 'Jane Doe', 'Boston', '+1 555 123 4567', NULL), (3, NULL, NULL, '03-3333-4444', '{}'),"
                        + " (4, '山田 太郎', '京都市', '075-555-0101', NULL)",
                "INSERT INTO " + db + ".orders VALUES (10, '山田 太郎'), (11, 'Jane Doe'), (12, NULL)");
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(db, engine.server(), db);
        Masker masker = new Masker(TestRules.write(RULES), KEY, MaskingHooks.none());
        Masking.mask(masker, run, copy);
        new LeakCheck().verify(run, copy, masker.plan(copy), List.of());
    }

    private List<Map<String, String>> rows(String db, String table) {
        return engine.rows("SELECT * FROM " + db + "." + table + " ORDER BY id");
    }

    @Test
    void the_same_input_gets_the_same_realistic_fake_in_every_table_and_every_night() {
        night("fake_night1");
        night("fake_night2");
        List<Map<String, String>> customers = rows("fake_night1", "customers");
        List<Map<String, String>> orders = rows("fake_night1", "orders");

        String taro = customers.get(0).get("full_name");
        List<String> family = FakeValues.entries("family-name", "ja");
        List<String> given = FakeValues.entries("given-name", "ja");
        assertThat(taro).isNotEqualTo("山田 太郎").satisfies(name -> {
            String[] parts = name.split(" ");
            assertThat(family).as("family name first, as in Japanese").contains(parts[0]);
            assertThat(given).contains(parts[1]);
        });
        assertThat(customers.get(3).get("full_name")).as("same person, same fake").isEqualTo(taro);
        assertThat(orders.get(0).get("customer_name")).as("in another table too").isEqualTo(taro);
        assertThat(customers.get(0).get("profile")).as("and inside JSON").contains(taro);
        assertThat(customers.get(1).get("full_name")).isNotEqualTo("Jane Doe").isEqualTo(orders.get(1).get("customer_name"));
        assertThat(customers.get(2).get("full_name")).isNull();
        assertThat(orders.get(2).get("customer_name")).isNull();
        assertThat(FakeValues.entries("city", "ja")).contains(customers.get(0).get("city"));
        assertThat(customers).extracting(r -> r.get("phone")).doesNotHaveDuplicates()
                .allSatisfy(p -> assertThat(p).matches(".+ [0-9a-f]{16}")).doesNotContain("090-1111-2222");

        assertThat(rows("fake_night2", "customers")).as("the next night").isEqualTo(customers);
        assertThat(engine.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'fake_night1'"
                + " AND table_name = 'snapmask_fakes'")).as("the lookup lists never reach the load").isZero();
    }

    @Test
    void a_fake_without_unique_on_a_unique_column_and_an_unknown_type_are_refused() {
        engine.recreate("fake_refused");
        engine.execute("CREATE TABLE fake_refused.customers (id INT PRIMARY KEY, phone VARCHAR(40), UNIQUE KEY u (phone))");
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy("fake_refused", engine.server(), "fake_refused");
        assertThatThrownBy(() -> Masking.mask(new Masker(TestRules.write("tables:\n  customers:\n    phone: { kind: fake, type: phone }\n"), KEY,
                MaskingHooks.none()), run, copy)).hasMessageContaining("customers.phone (fake): the column is UNIQUE");
        assertThatThrownBy(() -> new Masker(TestRules.write("tables:\n  customers:\n    phone: { kind: fake, type: pet }\n"), KEY,
                MaskingHooks.none())).hasMessageContaining("type 'pet' is not one snapmask fakes; one of: name, address, city");
    }
}
