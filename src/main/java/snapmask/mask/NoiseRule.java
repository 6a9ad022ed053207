package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kind: noise}: a date or number shifted by up to {@code bound} (days, or another unit for
 * dates) either way. The shift comes from a salt (derived from the hash key when one is set) and
 * the row's key columns ({@code key}, default id), so with a hash key a row moves the same way
 * every night and averaging many nights does not reveal the true value.
 */
public record NoiseRule(String table, String column, int bound, String unit, List<String> key, RuleSource source)
        implements MaskRule {

    private static final Set<String> UNITS = Set.of("second", "minute", "hour", "day");

    public NoiseRule {
        if (bound < 1) {
            throw new IllegalArgumentException("bound " + bound + " must be 1 or more");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must name at least one column, e.g. id");
        }
        if (!UNITS.contains(unit)) {
            throw new IllegalArgumentException("unit '" + unit + "' must be one of " + UNITS);
        }
    }

    @Override
    public String kind() {
        return "noise";
    }

    /**
     * The shift for a row, in [-bound, bound]: a hash of the row's key columns keyed with the
     * session's secret (the hash key's inner pad, never in the SQL text), so nobody who reads the
     * SQL can compute the shifts and take them back out of analytics.
     */
    String shift(String rowKeySql) {
        return "(CAST(CONV(LEFT(SHA2(CONCAT(" + SessionSecret.INNER + ", " + Sql.literal("snapmask-noise:" + table + "." + column + ":")
                + ", " + rowKeySql + "), 256), 8), 16, 10) AS SIGNED) % "
                + (2L * bound + 1) + " - " + bound + ")";
    }

    @Override
    public String maskedValue(String v, String qualifier, Column c) {
        String rowKeySql = "CONCAT_WS('~', " + key.stream().map(k -> qualifier + Sql.name(k)).collect(Collectors.joining(", ")) + ")";
        String shifted = ColumnKind.of(c) == ColumnKind.DATE
                ? v + " + INTERVAL " + shift(rowKeySql) + " " + unit.toUpperCase(Locale.ROOT)
                : c.type().toLowerCase(Locale.ROOT).contains("unsigned")
                ? "GREATEST(CAST(" + v + " AS SIGNED) + " + shift(rowKeySql) + ", 0)"
                : v + " + " + shift(rowKeySql);
        return "CASE WHEN " + v + " IS NULL THEN NULL ELSE " + shifted + " END";
    }

    @Override
    public Set<String> referencedColumns() {
        return new LinkedHashSet<>(key);
    }

    @Override
    public boolean needsSecret() {
        return true;
    }

    @Override
    public String unmaskedCondition(String value, Column c) {
        return null;
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.of(ColumnKind.NUMBER, ColumnKind.DATE);
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return false;
    }
}
