package snapmask.mask;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import snapmask.run.RunContext;
import snapmask.testing.Engine;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;
import snapmask.testing.TestRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole-table rules through the real routes, on MariaDB and MySQL 8: {@code skip} (not copied),
 * {@code empty} (structure only) and {@code where} (only matching rows), on tables that other
 * tables' foreign keys point at.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = Engine.class, names = {"MARIADB", "MYSQL8"})
class TableRulesTest {

    private static final String PRODUCTION = "production_tables";

    @Parameter
    Engine engine;

    /** The default rules plus: lectures skipped, migrations empty, users only up to id 100. */
    private static String rules(String usersWhere) throws Exception {
        String defaults = Files.readString(Path.of("config/masking.yaml"));
        return defaults.replace("\n  users:\n", "\n  users:\n    where: \"" + usersWhere + "\"\n")
                + "  lectures: skip\n  migrations: empty\n  audit_notes: skip\n";
    }

    private RunContext refresh(String analytics, String rules) {
        engine.copyDatabase(engine.sampleProduction(), PRODUCTION);
        // e-mail addresses in a table nobody wants in analytics: skipped, so the guard has nothing to say
        engine.execute("CREATE TABLE " + PRODUCTION + ".audit_notes (id INT PRIMARY KEY, remarks VARCHAR(100))",
                "INSERT INTO " + PRODUCTION + ".audit_notes VALUES (1, 'changed by jane.doe@example.org')");
        engine.execute("DROP DATABASE IF EXISTS " + analytics);
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.local.url", engine.jdbcUrl());
        settings.put("snapmask.analytics.url", engine.jdbcUrl());
        settings.put("snapmask.local.database", PRODUCTION);
        settings.put("snapmask.masking.rules", TestRules.write(rules).toString());
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    @Test
    void skipped_tables_are_not_copied_empty_ones_have_no_rows_and_where_copies_only_matching_rows() throws Exception {
        RunContext run = refresh("analytics_tables", rules("id <= 100"));
        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);

        Map<String, Long> analytics = engine.rowCounts("analytics_tables");
        Map<String, Long> production = engine.rowCounts(PRODUCTION);
        assertThat(analytics).doesNotContainKeys("lectures", "audit_notes")
                .containsEntry("migrations", 0L)
                .containsEntry("users", 100L)
                .containsEntry("learning_histories", production.get("learning_histories"))
                .containsEntry("posts", production.get("posts"));
        assertThat(engine.rows("SHOW CREATE TABLE analytics_tables.learning_histories").get(0).get("Create Table"))
                .as("no foreign key to a table analytics does not have").doesNotContain("REFERENCES `lectures`")
                .contains("REFERENCES `users`");
        assertThat(run.rowsPerTable()).containsEntry("users", 100L).doesNotContainKey("lectures");
        assertThat(run.notes()).anyMatch(n -> n.contains("tables copied in part or not at all, as the rules say:")
                && n.contains("users (only rows where id <= 100)") && n.contains("lectures (not copied)")
                && n.contains("migrations (structure only, no rows)"));
        assertThat(run.notes()).anyMatch(n -> n.contains("foreign key") && n.contains("to lectures left out"));
    }

    @Test
    void a_condition_the_copy_refuses_fails_the_plan_step_naming_file_line_and_table() throws Exception {
        Path file = TestRules.write(rules("no_such_column > 1"));
        RunContext run = refresh("analytics_tables_bad", Files.readString(file));
        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("plan");
        assertThat(run.failure()).hasMessageContaining("users where: the copy refuses the condition")
                .hasMessageContaining("no_such_column");
        assertThat(engine.databasesLike("analytics\\_tables\\_bad")).isEmpty();
    }
}
