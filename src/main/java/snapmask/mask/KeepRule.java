package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/** {@code kind: keep}: declared safe; the column is copied as it is and the schema guard accepts it. */
public record KeepRule(String table, String column, RuleSource source) implements MaskRule {

    @Override
    public String kind() {
        return "keep";
    }

    @Override
    public String maskedValue(String value, String qualifier, Column c) {
        return value;
    }

    @Override
    public String unmaskedCondition(String value, Column c) {
        return null;
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.any();
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return true;
    }

    @Override
    public boolean masks() {
        return false;
    }
}
