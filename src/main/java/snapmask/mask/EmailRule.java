package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/**
 * {@code kind: email}: the local part replaced by a template, the domain (after the last '@') kept
 * or, with {@code domain:}, replaced. Unlike a textual replace() of the local part, a domain that
 * contains the local part stays intact; a value without '@' (and an empty one) is replaced whole;
 * NULL stays NULL.
 */
public record EmailRule(String table, String column, String localTemplate, String domain, RuleSource source)
        implements TextRewrite {

    public EmailRule {
        Template.parse(localTemplate);
        if (domain != null && (domain.isEmpty() || domain.contains("@"))) {
            throw new IllegalArgumentException("domain '" + domain + "' must be a plain domain such as example.invalid");
        }
    }

    @Override
    public String kind() {
        return "email";
    }

    @Override
    public String maskedValue(String value, String qualifier, Column c) {
        String local = Template.parse(localTemplate).sql(qualifier);
        String newDomain = domain == null ? "SUBSTRING_INDEX(" + value + ", '@', -1)" : Sql.literal(domain);
        String masked = "CONCAT(" + local + ", '@', " + newDomain + ")";
        // a kept domain so long that the masked address would not fit the column: drop the domain
        String fits = c == null || c.maxLength() == null ? "" : " AND CHAR_LENGTH(" + masked + ") <= " + c.maxLength();
        return "CASE WHEN " + value + " IS NULL THEN NULL"
                + " WHEN LOCATE('@', " + value + ") > 0" + fits + " THEN " + masked
                + " ELSE " + local + " END";
    }

    @Override
    public Set<String> referencedColumns() {
        return Template.parse(localTemplate).columns();
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return referencedColumns().stream().anyMatch(uniqueColumns::contains);
    }
}
