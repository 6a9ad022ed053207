package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;

/**
 * {@code kind: partial}: keep the first and last N characters, the rest becomes a mask character.
 * A value no longer than what would be kept is masked whole, so short values never show in full.
 */
public record PartialRule(String table, String column, int keepFirst, int keepLast, String maskChar, RuleSource source)
        implements TextRewrite {

    public PartialRule {
        if (keepFirst < 0 || keepLast < 0 || keepFirst + keepLast == 0) {
            throw new IllegalArgumentException("keep-first and keep-last must be 0 or more, and not both 0 (use constant)");
        }
        if (maskChar.codePointCount(0, maskChar.length()) != 1) {
            throw new IllegalArgumentException("mask-char '" + maskChar + "' must be one character");
        }
    }

    @Override
    public String kind() {
        return "partial";
    }

    @Override
    public String maskedValue(String v, String qualifier, Column c) {
        String mask = Sql.literal(maskChar);
        return "CASE WHEN " + v + " IS NULL THEN NULL WHEN CHAR_LENGTH(" + v + ") <= " + (keepFirst + keepLast)
                + " THEN REPEAT(" + mask + ", CHAR_LENGTH(" + v + ")) ELSE CONCAT(LEFT(" + v + ", " + keepFirst + "), REPEAT("
                + mask + ", CHAR_LENGTH(" + v + ") - " + (keepFirst + keepLast) + "), RIGHT(" + v + ", " + keepLast + ")) END";
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return false;
    }
}
