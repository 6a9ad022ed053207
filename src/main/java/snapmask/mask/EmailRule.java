package snapmask.mask;

import snapmask.schema.Sql;

import java.util.Set;

/**
 * {@code kind: email}: the local part replaced by a template, the domain (after the last '@') kept.
 * Unlike a textual replace() of the local part, a domain that contains the local part stays intact;
 * a value without '@' (and an empty one) is replaced whole; NULL stays NULL.
 */
public record EmailRule(String table, String column, String localTemplate, RuleSource source) implements MaskRule {

    public EmailRule {
        Template.parse(localTemplate);
    }

    @Override
    public String expression(String qualifier) {
        String value = qualifier + Sql.name(column);
        String local = Template.parse(localTemplate).sql(qualifier);
        return "CASE WHEN " + value + " IS NULL THEN NULL"
                + " WHEN LOCATE('@', " + value + ") > 0 THEN CONCAT(" + local + ", '@', SUBSTRING_INDEX(" + value + ", '@', -1))"
                + " ELSE " + local + " END";
    }

    @Override
    public Set<String> referencedColumns() {
        return Template.parse(localTemplate).columns();
    }
}
