package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/** {@code kind: template}: the whole value replaced by a template such as {@code masking_dummy_{id}}; NULL stays NULL. */
public record TemplateRule(String table, String column, String template, RuleSource source) implements TextRewrite {

    public TemplateRule {
        Template.parse(template);
    }

    @Override
    public String kind() {
        return "template";
    }

    @Override
    public String maskedValue(String value, String qualifier, Column c) {
        return "CASE WHEN " + value + " IS NULL THEN NULL ELSE "
                + Template.parse(template).sql(qualifier) + " END";
    }

    @Override
    public Set<String> referencedColumns() {
        return Template.parse(template).columns();
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return referencedColumns().stream().anyMatch(uniqueColumns::contains);
    }
}
