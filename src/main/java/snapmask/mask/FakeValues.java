package snapmask.mask;

import net.datafaker.Faker;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The lists a {@code fake} rule picks from: realistic values from datafaker, per type and
 * locale, the same every night (a fixed seed), written into a lookup table on the temporary copy
 * ({@value #TABLE}) for the masking UPDATEs and dropped before the leak check. No value of the
 * copy ever leaves it: which entry a value gets is decided on the server, from its keyed hash.
 */
public final class FakeValues {

    public static final String TABLE = "snapmask_fakes";
    /** At most this many entries per list; lists whose source is smaller are as long as it allows. */
    static final int SIZE = 5000;
    private static final int ATTEMPTS = SIZE * 4;
    public static final Map<String, Function<Faker, String>> TYPES = Map.of(
            "given-name", f -> f.name().firstName(),
            "family-name", f -> f.name().lastName(),
            "address", f -> f.address().streetAddress(),
            "city", f -> f.address().city(),
            "phone", f -> f.phoneNumber().phoneNumber(),
            "company", f -> f.company().name());
    private static final Map<String, List<String>> CACHE = new ConcurrentHashMap<>();

    private FakeValues() {
    }

    /** A list's name in the lookup table: type and locale. */
    static String list(String type, String locale) {
        return type + ":" + locale;
    }

    /** The entries of one list, generated once per JVM; the same on every run of the same snapmask version. */
    static List<String> entries(String type, String locale) {
        return CACHE.computeIfAbsent(list(type, locale), key -> {
            Faker faker = new Faker(Locale.forLanguageTag(locale), new Random(("snapmask:" + key).hashCode()));
            Set<String> values = new LinkedHashSet<>();
            for (int i = 0; i < ATTEMPTS && values.size() < SIZE; i++) {
                values.add(TYPES.get(type).apply(faker));
            }
            return List.copyOf(values);
        });
    }

    /** Writes the lists into {@value #TABLE} on the copy. */
    static void install(Connection c, Collection<String> lists) throws SQLException {
        Sql.execute(c, "DROP TABLE IF EXISTS " + TABLE);
        Sql.execute(c, "CREATE TABLE " + TABLE + " (list VARCHAR(64) NOT NULL, idx INT NOT NULL, value VARCHAR(255) NOT NULL,"
                + " PRIMARY KEY (list, idx)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        for (String list : lists) {
            String[] parts = list.split(":", 2);
            List<String> entries = entries(parts[0], parts[1]);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?)")) {
                for (int i = 0; i < entries.size(); i++) {
                    ps.setString(1, list);
                    ps.setInt(2, i);
                    ps.setString(3, entries.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    static void drop(Connection c) throws SQLException {
        Sql.execute(c, "DROP TABLE IF EXISTS " + TABLE);
    }

    static List<String> types() {
        return TYPES.keySet().stream().sorted().toList();
    }
}
