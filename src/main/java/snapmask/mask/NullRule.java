package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/** {@code kind: null}: every value becomes NULL; the column must allow NULL. */
public record NullRule(String table, String column, RuleSource source) implements MaskRule {

    @Override
    public String kind() {
        return "null";
    }

    @Override
    public String maskedValue(String value, String qualifier, Column c) {
        return "NULL";
    }

    @Override
    public String unmaskedCondition(String value, Column c) {
        return value + " IS NOT NULL";
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.any();
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return true;
    }
}
