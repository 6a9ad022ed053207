package snapmask.mask;

import snapmask.schema.Sql;

import snapmask.schema.SchemaReader.Column;

import java.util.List;
import java.util.Set;

/**
 * One column's masking rule, compiled to SQL over the row. Rules run on the temporary copy, so
 * personal data never leaves it unmasked. The leak check asks each rule how to recognise a value
 * it has not masked.
 */
public sealed interface MaskRule permits TextRewrite, HashRule, NullRule, ConstantRule, NoiseRule, KeepRule, JsonRule, FakeRule {

    String table();

    String column();

    /** Where the rule stands in the rules file, for error messages. */
    RuleSource source();

    /** The kind as written in the rules file. */
    String kind();

    /** The masked value as SQL; column references carry {@code qualifier} when it is not empty. */
    default String expression(String qualifier, Column column) {
        return maskedValue(qualifier + Sql.name(column()), qualifier, column);
    }

    /**
     * The masked form of {@code value} (SQL: the column, or a value inside it such as a JSON
     * member) as SQL; other columns of the row carry {@code qualifier}.
     */
    String maskedValue(String value, String qualifier, Column column);

    /** Other columns of the row whose values the masked value is built from. */
    default Set<String> referencedColumns() {
        return Set.of();
    }

    /**
     * A SQL condition that is true for a value this rule has not masked, or null when a masked
     * value cannot be told from an original (noise) or nothing is masked (keep).
     */
    default String unmaskedCondition(Column column) {
        return unmaskedCondition(Sql.name(column()), column);
    }

    /** {@link #unmaskedCondition(Column)} for a value given as SQL. */
    String unmaskedCondition(String value, Column column);

    /** Which column types the rule makes sense for. */
    ColumnKind.Set accepts();

    /** Whether distinct inputs stay distinct, given which columns of the row are unique on their own. */
    boolean keepsUnique(Set<String> uniqueColumns);

    /** Whether the SQL reads the session's hash key pads ({@link SessionSecret}): the UPDATE then joins that table. */
    default boolean needsSecret() {
        return false;
    }

    /** The fake lists ({@link FakeValues}) the rule's SQL reads. */
    default List<String> fakeLists() {
        return List.of();
    }

    /** Whether the rule changes the column at all. */
    default boolean masks() {
        return true;
    }

    default String describe() {
        return table() + "." + column();
    }
}
