package snapmask.embedded;

import net.datafaker.Faker;
import snapmask.schema.Sql;
import snapmask.schema.SqlScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Builds a fake "production" database with the reference schema (sql/sample/schema.sql: an
 * e-learning site's 16 tables) and realistic, deterministic data whose foreign keys hold. A few
 * users carry the values that broke the reference masking SQL, so every demo run shows they pass.
 */
public final class SampleProduction {

    public static final Path SCHEMA = Path.of("sql/sample/schema.sql");
    private static final LocalDateTime EPOCH = LocalDateTime.of(2023, 1, 1, 0, 0);

    private final Faker faker;
    private final Random random;
    private final int users;

    public SampleProduction(int users, long seed) {
        if (users < 20) {
            throw new IllegalArgumentException("the sample needs at least 20 users, not " + users);
        }
        this.users = users;
        this.random = new Random(seed);
        this.faker = new Faker(Locale.ENGLISH, new Random(seed));
    }

    /** Creates {@code database} (dropping an old one) and fills it. */
    public void create(Connection c, String database) throws SQLException {
        Sql.execute(c, "DROP DATABASE IF EXISTS " + Sql.name(database));
        Sql.execute(c, "CREATE DATABASE " + Sql.name(database) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Sql.execute(c, "USE " + Sql.name(database));
        for (String statement : SqlScript.statements(schema())) {
            Sql.execute(c, statement);
        }
        Sql.execute(c, "SET SESSION FOREIGN_KEY_CHECKS = 0");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            fill(c);
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
            Sql.execute(c, "SET SESSION FOREIGN_KEY_CHECKS = 1");
        }
    }

    /** The original (unmasked) values a masked copy must not contain: usernames and e-mails. */
    public static Set<String> personalValues(Connection c, String database) throws SQLException {
        Set<String> values = new HashSet<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT username, email FROM " + Sql.name(database) + ".users")) {
            while (rs.next()) {
                values.add(rs.getString(1));
                values.add(rs.getString(2));
            }
        }
        return values;
    }

    private void fill(Connection c) throws SQLException {
        int courses = 30;
        int parts = courses * 5;
        int lessons = parts * 4;
        int lectures = lessons * 5;
        int posts = users / 5;
        insert(c, "migrations", List.of("migration", "batch"), 100,
                i -> new Object[] {"2023_01_01_" + String.format("%06d", i) + "_create_table_" + i, 1 + i / 10});
        insert(c, "users", List.of("id", "username", "email", "email_verified_at", "password", "remember_token", "role",
                "profile", "last_login_at", "created_at", "updated_at", "deleted_at"), users, this::user);
        insert(c, "categories", List.of("id", "name", "slug", "description", "created_at", "updated_at"), 20,
                i -> new Object[] {i, faker.book().genre() + " " + i, "category-" + i, faker.lorem().sentence(), time(), time()});
        insertCurriculum(c, "", courses, parts, lessons, lectures);
        insertCurriculum(c, "_olds", courses, parts, lessons, lectures);
        insert(c, "taking_courses", List.of("user_id", "course_id", "status", "progress_percent", "started_at", "completed_at",
                "created_at", "updated_at"), users * 3, i -> {
                    int status = random.nextInt(3);
                    return new Object[] {1 + i / 3, 1 + (i % 3) * 10 + random.nextInt(10), status,
                            status == 1 ? 100 : random.nextInt(100), time(), status == 1 ? time() : null, time(), time()};
                });
        insert(c, "learning_histories", List.of("user_id", "lecture_id", "completed_at", "created_at", "updated_at"), users * 10,
                i -> new Object[] {1 + i / 10, 1 + random.nextInt(lectures), time(), time(), time()});
        insert(c, "posts", List.of("id", "user_id", "title", "slug", "excerpt", "body", "status", "view_count", "published_at",
                "created_at", "updated_at"), posts, i -> new Object[] {i, random.nextInt(10) == 0 ? null : 1 + random.nextInt(users),
                faker.lorem().sentence(6), "post-" + i, faker.lorem().sentence(12), faker.lorem().paragraph(4),
                List.of("draft", "published", "archived").get(random.nextInt(3)), random.nextInt(10_000), time(), time(), time()});
        insert(c, "category_posts", List.of("category_id", "post_id", "created_at", "updated_at"), posts * 2,
                i -> new Object[] {1 + (i % 2) * 10 + random.nextInt(10), 1 + i / 2, time(), time()});
        insert(c, "subscriptions", List.of("user_id", "name", "stripe_id", "stripe_status", "stripe_price", "amount", "quantity",
                "metadata", "trial_ends_at", "ends_at", "created_at", "updated_at"), users * 3 / 10, i -> new Object[] {
                1 + i * 3, List.of("basic", "pro", "team").get(random.nextInt(3)), "sub_" + Long.toHexString(random.nextLong()) + i,
                List.of("active", "canceled", "past_due").get(random.nextInt(3)), "price_" + random.nextInt(5), 980 * (1 + random.nextInt(3)),
                1, "{\"plan_version\":" + random.nextInt(4) + "}", time(), random.nextBoolean() ? time() : null, time(), time()});
    }

    /** courses > parts > lessons > lectures; the archived "_olds" copies add archived_at (and courses_olds a course_id). */
    private void insertCurriculum(Connection c, String suffix, int courses, int parts, int lessons, int lectures) throws SQLException {
        boolean old = !suffix.isEmpty();
        insert(c, "courses" + suffix, columns(old, List.of("id", "title", "slug", "description", "level", "price", "is_published",
                "thumbnail_url"), old ? "course_id" : null), courses, i -> values(old, new Object[] {i, faker.educator().course(),
                "course" + suffix + "-" + i, faker.lorem().paragraph(), 1 + random.nextInt(3), 1000 * random.nextInt(30),
                random.nextInt(2), "https://cdn.example.com/thumbs/" + i + ".png"}, old ? i : null));
        insert(c, "parts" + suffix, columns(old, List.of("id", "course_id", "title", "sort_order"), null), parts,
                i -> values(old, new Object[] {i, 1 + (i - 1) / 5, "Part " + i + ": " + faker.lorem().word(), (i - 1) % 5}, null));
        insert(c, "lessons" + suffix, columns(old, List.of("id", "part_id", "title", "sort_order"), null), lessons,
                i -> values(old, new Object[] {i, 1 + (i - 1) / 4, "Lesson " + i + ": " + faker.lorem().sentence(3), (i - 1) % 4}, null));
        insert(c, "lectures" + suffix, columns(old, List.of("id", "lesson_id", "title", "video_url", "duration_seconds", "is_free",
                "sort_order"), null), lectures, i -> values(old, new Object[] {i, 1 + (i - 1) / 5, faker.lorem().sentence(4),
                "https://video.example.com/" + i, 60 + random.nextInt(1200), random.nextInt(2), (i - 1) % 5}, null));
    }

    private static List<String> columns(boolean old, List<String> own, String extra) {
        List<String> out = new ArrayList<>(own);
        if (extra != null) {
            out.add(extra);
        }
        if (old) {
            out.add("archived_at");
        }
        out.addAll(List.of("created_at", "updated_at"));
        return out;
    }

    private Object[] values(boolean old, Object[] own, Object extra) {
        List<Object> out = new ArrayList<>(Arrays.asList(own));
        if (extra != null) {
            out.add(extra);
        }
        if (old) {
            out.add(time());
        }
        out.add(time());
        out.add(time());
        return out.toArray();
    }

    private Object[] user(int id) {
        String first = faker.name().firstName().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String last = faker.name().lastName().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String username = first + "_" + last + id;
        String email = first + "." + last + id + "@" + List.of("example.com", "mail.example.org", "gmail.com", "corp.example.net")
                .get(random.nextInt(4));
        // values that broke the reference system's replace()-based SQL
        switch (id) {
            case 2 -> username = "masking_dummy_7";
            case 3 -> email = "a@gmail.com";
            case 5 -> email = "info@info.com";
            case 8 -> email = "no-at-sign-" + last;
            case 11 -> email = "\"odd@name\"@example.com";
            case 13 -> email = "";
            default -> { }
        }
        return new Object[] {id, username, email, random.nextInt(5) == 0 ? null : time(),
                "$2y$10$" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()),
                random.nextBoolean() ? Long.toHexString(random.nextLong()) : null, random.nextInt(10) == 0 ? 1 : 0,
                profile(id, random.nextBoolean(), random.nextBoolean()),
                time(), time(), time(), random.nextInt(50) == 0 ? time() : null};
    }

    /**
     * Like the reference schema's users.profile: settings, a birth year and a prefecture, and for
     * every tenth user an emergency contact with a name and a phone number. Drawn from the id, not
     * the random source, so the other sample values stay what they were.
     */
    private static String profile(int id, boolean dark, boolean newsletter) {
        String contact = id % 10 == 0 ? ",\"emergency_contact\":{\"name\":\"Contact " + id + "\",\"phone\":\"+81 90-"
                + (1000 + id % 9000) + "-" + (1000 + (id * 7) % 9000) + "\"}" : "";
        return "{\"theme\":\"" + (dark ? "dark" : "light") + "\",\"newsletter\":" + newsletter + ",\"locale\":\""
                + List.of("ja", "en", "vi").get(id % 3) + "\",\"birth_year\":" + (1960 + (id * 7) % 45) + ",\"prefecture\":"
                + (1 + id % 47) + contact + "}";
    }

    private Timestamp time() {
        return Timestamp.valueOf(EPOCH.plusSeconds(random.nextInt(60 * 60 * 24 * 700)));
    }

    private static void insert(Connection c, String table, List<String> columns, int count, IntFunction<Object[]> row)
            throws SQLException {
        String sql = "INSERT INTO " + Sql.name(table) + " (" + Sql.names(columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= count; i++) {
                Object[] values = row.apply(i);
                for (int v = 0; v < values.length; v++) {
                    ps.setObject(v + 1, values[v]);
                }
                ps.addBatch();
                if (i % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static String schema() {
        try {
            return Files.readString(SCHEMA);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample schema " + SCHEMA.toAbsolutePath(), e);
        }
    }
}
