package snapmask.mask;

import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code kind: fake}: a realistic value of a type (name, given-name, family-name, address, city,
 * phone, company) in a locale ({@code ja}, {@code en}, ...), picked by the value's keyed hash, so
 * the same input gets the same fake in every table and every night, and nobody without the key
 * can tell which input it came from. A name is a family and a given name (in the locale's order),
 * each picked by another part of the hash. Lists are finite, so different inputs can share a
 * fake; {@code unique: true} appends 16 hex digits of the hash, which keeps a UNIQUE column unique.
 */
public record FakeRule(String table, String column, String type, String locale, boolean unique, RuleSource source)
        implements MaskRule {

    /** Languages that write the family name first. */
    private static final Set<String> FAMILY_FIRST = Set.of("ja", "zh", "ko", "hu", "vi");

    public FakeRule {
        if (!type.equals("name") && !FakeValues.TYPES.containsKey(type)) {
            throw new IllegalArgumentException("type '" + type + "' is not one snapmask fakes; one of: name, "
                    + String.join(", ", FakeValues.types()));
        }
        if (!locale.matches("[a-z]{2}(-[A-Z]{2})?")) {
            throw new IllegalArgumentException("locale '" + locale + "' must look like ja, en or en-US");
        }
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public List<String> fakeLists() {
        return type.equals("name") ? List.of(FakeValues.list("family-name", locale), FakeValues.list("given-name", locale))
                : List.of(FakeValues.list(type, locale));
    }

    /** The entry of {@code list} picked by hex digits {@code from}..{@code from + 7} of the hash. */
    private static String pick(String list, String hash, int from) {
        int size = FakeValues.entries(list.substring(0, list.indexOf(':')), list.substring(list.indexOf(':') + 1)).size();
        return "(SELECT value FROM " + FakeValues.TABLE + " WHERE list = " + Sql.literal(list) + " AND idx = CAST(CONV(SUBSTRING("
                + hash + ", " + from + ", 8), 16, 10) AS UNSIGNED) % " + size + ")";
    }

    @Override
    public String maskedValue(String v, String qualifier, Column c) {
        String hash = HashKey.hmacSql("CONVERT(" + v + " USING utf8mb4)");
        String fake;
        if (type.equals("name")) {
            String family = pick(fakeLists().get(0), hash, 1);
            String given = pick(fakeLists().get(1), hash, 9);
            boolean familyFirst = FAMILY_FIRST.contains(locale.substring(0, 2).toLowerCase(Locale.ROOT));
            fake = "CONCAT(" + (familyFirst ? family : given) + ", ' ', " + (familyFirst ? given : family) + ")";
        } else {
            fake = pick(fakeLists().get(0), hash, 1);
        }
        Long room = c == null ? null : c.maxLength();
        if (unique) {
            String suffix = "SUBSTRING(" + hash + ", 17, 16)";
            fake = "CONCAT(" + (room == null ? fake : "LEFT(" + fake + ", " + Math.max(0, room - 17) + ")") + ", ' ', " + suffix + ")";
        } else if (room != null) {
            fake = "LEFT(" + fake + ", " + room + ")";
        }
        return "CASE WHEN " + v + " IS NULL THEN NULL ELSE " + fake + " END";
    }

    /** A fake cannot be told from a real value of its kind by looking at it: proven by the rule, not checked. */
    @Override
    public String unmaskedCondition(String value, Column c) {
        return null;
    }

    @Override
    public boolean needsSecret() {
        return true;
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.of(ColumnKind.TEXT);
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return unique;
    }
}
