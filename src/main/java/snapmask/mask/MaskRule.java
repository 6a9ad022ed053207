package snapmask.mask;

import java.util.Set;

/**
 * One column's masking rule, compiled to a SQL expression over the row. Rules run on the
 * temporary copy, so personal data never leaves it unmasked. Every rule is idempotent: applied
 * to a masked value it gives the same value, which is what the leak check tests.
 */
public sealed interface MaskRule permits TemplateRule, EmailRule {

    String table();

    String column();

    /** Where the rule stands in the rules file, for error messages. */
    RuleSource source();

    /** The masked value of {@link #column()} as SQL; column references carry {@code qualifier} when it is not empty. */
    String expression(String qualifier);

    /** Other columns of the row whose values the masked value is built from. */
    Set<String> referencedColumns();

    default String describe() {
        return table() + "." + column();
    }
}
