package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

/**
 * For rules that give the same value when applied to a masked value: a value is unmasked when the
 * rule would still change it, compared byte for byte (a case-insensitive collation would let a
 * look-alike such as MASKING_DUMMY_3 pass).
 */
final class Idempotent {

    private Idempotent() {
    }

    static String unmasked(MaskRule rule, Column column) {
        return "NOT (CAST(" + Sql.name(rule.column()) + " AS BINARY) <=> CAST(" + rule.expression("", column) + " AS BINARY))";
    }
}
