package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code kind: hash}: HMAC-SHA256 of the value with a secret key, as lower-case hex, optionally
 * prefixed and shortened. Deterministic: a value masks the same in every table and every night, so
 * joins on masked values still work; without the key it cannot be reversed by guessing.
 */
public record HashRule(String table, String column, HashKey key, String prefix, int length, RuleSource source)
        implements MaskRule {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_:.-]*");

    public HashRule {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix '" + prefix + "' may only hold letters, digits and _ : . -");
        }
        if (length < 8 || length > 64) {
            throw new IllegalArgumentException("length " + length + " must be between 8 and 64 hex characters");
        }
    }

    @Override
    public String kind() {
        return "hash";
    }

    @Override
    public String maskedValue(String v, String qualifier, Column c) {
        String hex = HashKey.hmacSql("CONVERT(" + v + " USING utf8mb4)");
        String value = length == 64 ? hex : "LEFT(" + hex + ", " + length + ")";
        return "CASE WHEN " + v + " IS NULL THEN NULL ELSE "
                + (prefix.isEmpty() ? value : "CONCAT(" + Sql.literal(prefix) + ", " + value + ")") + " END";
    }

    @Override
    public String unmaskedCondition(String v, Column c) {
        // case-sensitive; MySQL 8's regular expressions refuse binary strings, so not CAST(... AS BINARY)
        return v + " IS NOT NULL AND NOT (CONVERT(" + v + " USING utf8mb4) COLLATE utf8mb4_bin REGEXP "
                + Sql.literal("^" + prefix.replace(".", "[.]") + "[0-9a-f]{" + length + "}$") + ")";
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.of(ColumnKind.TEXT);
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return length >= 32;
    }

    @Override
    public boolean needsSecret() {
        return true;
    }

    public int maskedLength() {
        return prefix.length() + length;
    }
}
