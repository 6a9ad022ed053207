package snapmask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.config.MySqlServer;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.testing.Engine;
import snapmask.testing.FeatureSample;
import snapmask.testing.TableComparison;
import snapmask.testing.TestApp;
import snapmask.testing.TestRules;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables, views, sequences and triggers as each engine writes them arrive in analytics (translated
 * where the engines differ, and said so), and production's triggers neither run on the masking
 * nor reach analytics.
 */
class SchemaFeaturesTest {

    static Stream<Arguments> enginePairs() {
        return Stream.of(Engine.values()).flatMap(s -> Stream.of(Engine.values()).map(t -> Arguments.of(s, t)));
    }

    private static RunContext refresh(Engine source, String sourceDb, Engine target, String analytics) {
        target.execute("DROP DATABASE IF EXISTS " + analytics);
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.url", source.server().url());
        settings.put("snapmask.local.database", sourceDb);
        settings.put("snapmask.analytics.url", target.server().url());
        settings.put("snapmask.masking.rules", TestRules.write(FeatureSample.RULES).toString());
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("enginePairs")
    void every_kind_of_table_arrives_with_its_features(Engine source, Engine target) throws Exception {
        String sourceDb = "features_" + source.name().toLowerCase();
        // MySQL has no sequences: a MariaDB sequence has a case of its own
        FeatureSample.create(source, sourceDb, target.isMariaDb());
        String analytics = "features_" + source.name().toLowerCase() + "_to_" + target.name().toLowerCase();

        RunContext run = refresh(source, sourceDb, target, analytics);

        assertThat(run.failure()).isNull();
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        // only the masked names differ; the audit trigger did not fire on the masking, ON UPDATE did not stamp
        assertThat(TableComparison.differences(source, sourceDb, target, analytics))
                .allMatch(d -> d.startsWith("accounts.name id="), "only masked names differ").hasSize(2);
        assertThat(run.notes()).anyMatch(n -> n.startsWith("triggers dropped on the temporary copy before masking")
                && n.contains("accounts.accounts_audit"));
        assertThat(run.notes()).contains("views defined (SQL SECURITY INVOKER): account_count, account_initials, active_accounts",
                "functions defined (SQL SECURITY INVOKER), which views may call: first_letter",
                "not copied, as analytics only reads: " + (FeatureSample.hasEvent(source) ? "event nightly_cleanup, " : "")
                        + "procedure touch_accounts");
        try (Connection c = target.server().connect(analytics)) {
            assertThat(strings(c, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = '" + analytics + "'"))
                    .containsExactly("0");
            assertThat(strings(c, "SELECT name FROM active_accounts ORDER BY id")).containsExactly("account_1", "account_2");
            assertThat(strings(c, "SELECT n FROM account_count")).containsExactly("2");
            assertThat(strings(c, "SELECT i FROM account_initials ORDER BY id")).containsExactly("A", "A");
            assertThat(strings(c, "SELECT COUNT(*) FROM information_schema.routines WHERE routine_schema = '" + analytics
                    + "' AND routine_type = 'PROCEDURE'")).containsExactly("0");
            assertThat(strings(c, "SELECT COUNT(*) FROM information_schema.events WHERE event_schema = '" + analytics + "'"))
                    .containsExactly("0");
            assertThat(strings(c, "SELECT extra FROM information_schema.columns WHERE table_schema = '" + analytics
                    + "' AND table_name = 'accounts' AND column_name = 'hidden_note'")).singleElement().asString().contains("INVISIBLE");
            // production's own statistics setting, which the load turns off for its bulk insert, comes back; DEFAULT stays DEFAULT
            assertThat(strings(c, "SELECT COALESCE(create_options, '') FROM information_schema.tables WHERE table_schema = '"
                    + analytics + "' AND table_name IN ('accounts', 'audit') ORDER BY table_name"))
                    .hasSize(2).satisfiesExactly(accounts -> assertThat(accounts).doesNotContainIgnoringCase("stats_auto_recalc"),
                            audit -> assertThat(audit).containsIgnoringCase("stats_auto_recalc=0"));
        }
        // partitions, index kinds and constraints are the table's definition, not only its rows
        for (String definition : List.of(
                "SELECT GROUP_CONCAT(partition_name ORDER BY partition_ordinal_position) FROM information_schema.partitions"
                        + " WHERE table_schema = ? AND table_name = 'events'",
                "SELECT GROUP_CONCAT(index_name, ':', index_type ORDER BY index_name) FROM information_schema.statistics"
                        + " WHERE table_schema = ? AND table_name = 'shapes'",
                "SELECT GROUP_CONCAT(constraint_name) FROM information_schema.check_constraints WHERE constraint_schema = ?",
                "SELECT GROUP_CONCAT(column_name, ':', extra ORDER BY column_name) FROM information_schema.columns"
                        + " WHERE table_schema = ? AND table_name = 'shapes' AND extra LIKE '%GENERATED'",
                "SELECT GROUP_CONCAT(table_name, ':', engine) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'loose'")) {
            assertThat(one(target, analytics, definition)).as(definition).isEqualTo(one(source, sourceDb, definition)).isNotNull();
        }
        if (source == Engine.MYSQL8 && target == Engine.MARIADB_10_11) {
            // 10.11 lists its uca1400 collations by their full names only in the applicability table
            assertThat(run.notes()).anyMatch(n -> n.startsWith("collation utf8mb4_0900_ai_ci is not on the analytics server;"
                    + " utf8mb4_uca1400_nopad_ai_ci is used (the same bytes; sorting and comparing may differ) for table accounts; "));
        }
        if (source == Engine.MYSQL8 && target.isMariaDb()) {
            assertThat(run.notes()).contains(
                    "table accounts: functional index name_lower left out (MariaDB has none; analytics only reads, so no result changes)",
                    "table accounts, column ref: expression default (uuid_to_bin(uuid())) left out (analytics only reads;"
                            + " the other engine may not have that function)",
                    "table notes_ja: full-text index words without its parser ngram (MariaDB has none): full-text searches in"
                            + " analytics may match differently from production");
        }
        if (source.isMariaDb()) {
            assertThat(strings(target, analytics, "SELECT amount FROM prices ORDER BY id")).containsExactly("12.50", "20.00");
            String kind = strings(target, analytics, "SELECT table_type FROM information_schema.tables WHERE table_schema = '"
                    + analytics + "' AND table_name = 'prices'").get(0);
            if (target.isMariaDb()) {
                assertThat(kind).isEqualTo("SYSTEM VERSIONED");
                // the next value the copy hands out is the one production would hand out after a restart
                assertThat(strings(target, analytics, "SELECT NEXTVAL(invoice_numbers)")).containsExactlyElementsOf(
                        strings(source, sourceDb, "SELECT next_not_cached_value FROM invoice_numbers"));
            } else {
                assertThat(kind).isEqualTo("BASE TABLE");
                assertThat(run.notes()).contains("table prices: system-versioned on MariaDB, a plain table of its current rows on MySQL",
                        "table accounts, column ref: MariaDB's UUID is stored as text (char(36) CHARACTER SET ascii), MySQL has no such type");
            }
        }
    }

    @Test
    void a_read_only_account_can_read_the_views() throws Exception {
        FeatureSample.create(Engine.MYSQL8, "features_views", false);
        String analytics = "features_views_analytics";
        assertThat(refresh(Engine.MYSQL8, "features_views", Engine.MYSQL8, analytics).status()).isEqualTo(RunContext.Status.SUCCEEDED);
        Engine.MYSQL8.execute("DROP USER IF EXISTS 'view_reader'@'127.0.0.1'",
                "CREATE USER 'view_reader'@'127.0.0.1' IDENTIFIED BY 'reader-pw'",
                "GRANT SELECT, EXECUTE ON " + Sql.name(analytics) + ".* TO 'view_reader'@'127.0.0.1'");
        MySqlServer reader = new MySqlServer("reader", Engine.MYSQL8.server().url(), "view_reader", "reader-pw");
        try (Connection c = reader.connect(analytics)) {
            assertThat(strings(c, "SELECT n FROM account_count")).containsExactly("2");
            assertThat(strings(c, "SELECT i FROM account_initials ORDER BY id")).containsExactly("A", "A");
        }
    }

    @Test
    void a_mariadb_sequence_is_refused_by_a_mysql_analytics_server_before_anything_is_loaded() {
        FeatureSample.create(Engine.MARIADB, "features_sequence", true);
        String analytics = "features_sequence_analytics";
        Engine.MYSQL8.execute("DROP DATABASE IF EXISTS " + analytics, "CREATE DATABASE " + analytics,
                "CREATE TABLE " + analytics + ".yesterday (id INT PRIMARY KEY)", "INSERT INTO " + analytics + ".yesterday VALUES (7)");
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.url", Engine.MARIADB.server().url());
        settings.put("snapmask.local.database", "features_sequence");
        settings.put("snapmask.analytics.url", Engine.MYSQL8.server().url());
        settings.put("snapmask.masking.rules", TestRules.write(FeatureSample.RULES).toString());
        RunContext run;
        try (TestApp app = TestApp.start(settings)) {
            run = app.refresh();
        }
        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("stage");
        assertThat(run.failure()).hasMessageContaining("sequence invoice_numbers: the analytics server")
                .hasMessageContaining("is MySQL, which has no sequences; nothing was loaded and the analytics tables are unchanged");
        assertThat(strings(Engine.MYSQL8, analytics, "SELECT id FROM yesterday")).containsExactly("7");
    }

    /** The one value {@code sql} gives with the database name as its parameter. */
    private static String one(Engine engine, String database, String sql) {
        try (Connection c = engine.server().connect(database); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<String> strings(Engine engine, String database, String sql) {
        try (Connection c = engine.server().connect(database)) {
            return strings(c, sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<String> strings(Connection c, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
