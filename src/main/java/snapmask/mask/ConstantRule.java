package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/** {@code kind: constant}: every non-NULL value becomes the same value. */
public record ConstantRule(String table, String column, String value, RuleSource source) implements MaskRule {

    @Override
    public String kind() {
        return "constant";
    }

    @Override
    public String maskedValue(String v, String qualifier, Column c) {
        return "CASE WHEN " + v + " IS NULL THEN NULL ELSE " + Sql.literal(value) + " END";
    }

    @Override
    public String unmaskedCondition(String name, Column c) {
        return ColumnKind.of(c) == ColumnKind.TEXT
                ? name + " IS NOT NULL AND NOT (CAST(" + name + " AS BINARY) <=> CAST(" + Sql.literal(value) + " AS BINARY))"
                : name + " IS NOT NULL AND NOT (" + name + " <=> " + Sql.literal(value) + ")";
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.any();
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return false;
    }
}
