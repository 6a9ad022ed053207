package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

/**
 * Rules that rewrite text and give the same value when applied to a masked value (template,
 * email, partial). A value is unmasked when the rule would still change it, compared byte for byte:
 * a case-insensitive collation would let a look-alike such as MASKING_DUMMY_3 pass.
 */
public sealed interface TextRewrite extends MaskRule permits TemplateRule, EmailRule, PartialRule {

    @Override
    default String unmaskedCondition(String value, Column column) {
        return "NOT (CAST(" + value + " AS BINARY) <=> CAST(" + maskedValue(value, "", column) + " AS BINARY))";
    }

    @Override
    default ColumnKind.Set accepts() {
        return ColumnKind.Set.of(ColumnKind.TEXT);
    }
}
