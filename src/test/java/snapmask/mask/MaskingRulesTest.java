package snapmask.mask;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules file: what it accepts, and the precise error for each way it can be wrong. */
@Tag("fast")
class MaskingRulesTest {

    @Test
    void the_default_rules_file_holds_the_reference_rules() throws Exception {
        MaskingRules rules = MaskingRules.load(Path.of("config/masking.yaml"));
        assertThat(rules.all()).extracting(MaskRule::describe).startsWith("users.username", "users.email");
        // a rule's line is its first option's, the line after "username:"
        int line = java.nio.file.Files.readAllLines(Path.of("config/masking.yaml")).indexOf("    username:") + 2;
        assertThat(rules.all().get(0)).isEqualTo(new TemplateRule("users", "username", "masking_dummy_{id}",
                new RuleSource("config/masking.yaml", line)));
        assertThat(rules.all().get(1)).isInstanceOf(EmailRule.class);
    }

    @Test
    void a_table_takes_skip_empty_or_a_where_beside_its_column_rules() {
        MaskingRules rules = MaskingRules.parse("f.yaml", "tables:\n  sessions: skip\n  jobs: empty\n  events:\n"
                + "    where: \"created_at >= '2024-01-01'\"\n    ip: { kind: \"null\" }\n");
        assertThat(rules.tableRule("sessions").rows()).isEqualTo(TableRule.Rows.SKIPPED);
        assertThat(rules.tableRule("jobs").condition()).isEqualTo("FALSE");
        assertThat(rules.tableRule("events").condition()).isEqualTo("(created_at >= '2024-01-01')");
        assertThat(rules.tableRule("users").rows()).isEqualTo(TableRule.Rows.ALL);
        assertThat(rules.byTable().get("events")).extracting(MaskRule::column).containsExactly("ip");

        assertThatThrownBy(() -> MaskingRules.parse("f.yaml", "tables:\n  sessions: skipped\n"))
                .hasMessage("f.yaml line 2: table sessions is \"skipped\"; a table takes \"skip\" (not copied), \"empty\""
                        + " (structure only) or its column rules");
        assertThatThrownBy(() -> MaskingRules.parse("f.yaml", "tables:\n  events:\n    where: \"1; DROP TABLE x\"\n"))
                .hasMessageStartingWith("f.yaml line 3: events where: needs one SQL condition");
    }

    @Test
    void a_template_compiles_to_sql_over_the_row() {
        TemplateRule rule = new TemplateRule("users", "username", "masking_dummy_{id}", new RuleSource("f", 1));
        assertThat(rule.expression("b.", null)).isEqualTo("CASE WHEN b.`username` IS NULL THEN NULL ELSE"
                + " CONCAT('masking_dummy_', COALESCE(CAST(b.`id` AS CHAR), '')) END");
    }

    @Test
    void quotes_in_a_template_cannot_break_out_of_the_sql_string() {
        TemplateRule rule = new TemplateRule("t", "c", "x'); DROP TABLE users; --{id}", new RuleSource("f", 1));
        assertThat(rule.expression("", null)).contains("'x''); DROP TABLE users; --'");
    }

    @Test
    void yaml_that_does_not_parse_names_the_file() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml", "tables:\n  users: [unclosed\n"))
                .isInstanceOf(MaskingRulesException.class).hasMessageStartingWith("rules.yaml: not valid YAML");
    }

    @Test
    void an_unknown_kind_names_file_line_table_and_column() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml",
                "tables:\n  users:\n    email:\n      kind: scramble\n"))
                .hasMessage("rules.yaml line 4: users.email: unknown kind 'scramble' (one of: " + MaskingRules.KINDS + ")");
    }

    @Test
    void a_missing_option_is_named() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml", "tables:\n  users:\n    email:\n      kind: email\n"))
                .hasMessage("rules.yaml line 4: users.email: missing 'local'");
    }

    @Test
    void an_unknown_option_is_named() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml",
                "tables:\n  users:\n    username:\n      kind: template\n      template: \"u{id}\"\n      tempalte: x\n"))
                .hasMessage("rules.yaml line 4: users.username: unknown option(s) [tempalte] for kind template");
    }

    @Test
    void a_template_without_a_column_is_refused_because_every_row_would_collide() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml",
                "tables:\n  users:\n    username:\n      kind: template\n      template: \"anonymous\"\n"))
                .hasMessageContaining("rules.yaml line 4: users.username: template 'anonymous' names no column");
    }

    @Test
    void an_unknown_top_level_key_and_an_empty_file_are_refused() {
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml", "table:\n  users: {}\n"))
                .hasMessage("rules.yaml line 1: unknown top-level key 'table'; expected 'tables'");
        assertThatThrownBy(() -> MaskingRules.parse("rules.yaml", ""))
                .hasMessageContaining("rules.yaml: the rules file is empty");
    }

    @Test
    void a_missing_file_names_the_file_and_the_key() {
        assertThatThrownBy(() -> MaskingRules.load(Path.of("config/nope.yaml")))
                .hasMessageStartingWith("config/nope.yaml: cannot read the masking rules (snapmask.masking.rules)");
    }
}
