package snapmask.mask;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
import snapmask.testing.TestRules;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash key never shows in what the temporary server lets others read: its general log and its
 * process list, during a run with hash, fake, noise and JSON rules; nor in the plan's SQL. Neither the
 * key, nor its bytes in hex, nor the HMAC pads it could be XORed back from.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class HashKeySecrecyTest {

    private static final String DB = "mask_secret";
    private static final String SECRET = "correct horse battery staple";
    private static final String RULES = """
            tables:
              people:
                email: { kind: hash, length: 32 }
                full_name: { kind: fake, type: name, locale: ja }
                born: { kind: noise, bound: 30 }
                profile:
                  kind: json
                  paths:
                    $.phone: { kind: hash, length: 16 }
            """;

    @Parameter
    Engine engine;

    @AfterEach
    void generalLogOff() {
        engine.execute("SET GLOBAL general_log = OFF");
    }

    /** Every form the key could be recognised in. */
    private static List<String> forms() {
        byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
            outer[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        HexFormat hex = HexFormat.of();
        return List.of(SECRET, hex.formatHex(key), hex.formatHex(inner), hex.formatHex(outer),
                hex.formatHex(inner).toUpperCase(Locale.ROOT), hex.formatHex(outer).toUpperCase(Locale.ROOT),
                new String(inner, StandardCharsets.ISO_8859_1), new String(outer, StandardCharsets.ISO_8859_1));
    }

    @Test
    void no_form_of_the_key_reaches_the_general_log_the_process_list_or_the_plan() throws Exception {
        engine.recreate(DB);
        engine.execute("CREATE TABLE " + DB + ".people (id INT PRIMARY KEY, email VARCHAR(255), full_name VARCHAR(60), born DATE,"
                        + " profile JSON) DEFAULT CHARSET=utf8mb4",
                "INSERT INTO " + DB + ".people VALUES (1, 'taro@example.jp', '山田 太郎', '1984-04-01',"
                        + " '{\"phone\": \"090-1234-5678\"}'), (2, 'hanako@example.jp', '佐藤 花子', '1990-12-24', NULL)");
        engine.execute("SET GLOBAL log_output = 'TABLE'", "TRUNCATE TABLE mysql.general_log", "SET GLOBAL general_log = ON");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean masking = new AtomicBoolean(true);
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            try (Connection c = engine.connect(); Statement st = c.createStatement()) {
                while (masking.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT info FROM information_schema.processlist WHERE info IS NOT NULL")) {
                        while (rs.next()) {
                            seen.add(rs.getString(1));
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(DB, engine.server(), DB);
        Masker masker = new Masker(TestRules.write(RULES), new HashKey(SECRET), MaskingHooks.none());
        Masking.mask(masker, run, copy);
        masking.set(false);
        watcher.join();
        engine.execute("SET GLOBAL general_log = OFF");

        assertThat(engine.rows("SELECT email FROM " + DB + ".people WHERE id = 1").get(0).get("email"))
                .as("the server computed the HMAC with the key it never saw in SQL")
                .isEqualTo(new HashKey(SECRET).hmacHex("taro@example.jp").substring(0, 32));
        List<String> log = engine.rows("SELECT CAST(argument AS CHAR) AS statement FROM mysql.general_log").stream()
                .map(r -> r.get("statement")).toList();
        assertThat(log).as("the general log saw the masking").anyMatch(s -> s.contains("UPDATE `people`"));
        String plan;
        try (Connection c = engine.connect()) {
            plan = masker.plan(new snapmask.schema.SchemaReader(c), DB).tables().get(0).update();
        }
        for (String form : forms()) {
            assertThat(log).as("general log").noneMatch(s -> s != null && s.contains(form));
            assertThat(seen).as("process list").noneMatch(s -> s.contains(form));
            assertThat(plan).as("plan").doesNotContain(form);
        }
    }
}
