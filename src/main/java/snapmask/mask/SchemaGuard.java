package snapmask.mask;

import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fail closed on columns nobody thought about: a column without a rule whose name or sampled
 * values look personal stops the run. New tables and columns in production (schema drift) are
 * caught the same way. In strict mode every column of every table needs a rule, {@code keep} at least.
 */
public class SchemaGuard {

    /** Name parts that mean personal data on their own. */
    private static final Set<String> WORDS = Set.of("name", "tel", "ip", "dob", "city", "gender", "fax", "ssn", "iban", "zip");
    /** Name parts that mean personal data wherever they appear in a part (firstname, phone_number, ...). */
    private static final List<String> STEMS = List.of("email", "mail", "phone", "mobile", "address", "street", "birth", "passport",
            "password", "passwd", "token", "secret", "card", "salary", "postal", "postcode", "surname", "firstname", "lastname",
            "fullname", "username", "nickname", "ipaddr");
    private static final Pattern EMAIL_INSIDE = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE_WHOLE = Pattern.compile("[+(0-9][0-9 ()./-]{5,22}[0-9]");

    private final boolean strict;
    private final int sampleRows;

    public SchemaGuard(boolean strict, int sampleRows) {
        this.strict = strict;
        this.sampleRows = sampleRows;
    }

    public void check(Connection c, String database, MaskingRules rules) throws SQLException {
        SchemaReader schema = new SchemaReader(c);
        List<String> findings = new ArrayList<>();
        for (String table : schema.tables(database)) {
            List<String> ruled = rules.byTable().getOrDefault(table, List.of()).stream().map(MaskRule::column).toList();
            List<String> key = schema.primaryKey(database, table);
            for (Column column : schema.columns(database, table).values()) {
                if (ruled.contains(column.name())) {
                    continue;
                }
                String where = table + "." + column.name();
                if (strict && !key.contains(column.name())) {
                    findings.add(where + " (no rule; strict mode)");
                } else if (nameLooksPersonal(column.name())) {
                    findings.add(where + " (name looks personal)");
                } else if (ColumnKind.of(column) == ColumnKind.TEXT) {
                    String content = contentLooksPersonal(c, database, table, column.name());
                    if (content != null) {
                        findings.add(where + " (" + content + ")");
                    }
                }
            }
        }
        if (!findings.isEmpty()) {
            throw new SchemaGuardException("columns that may hold personal data have no masking rule, nothing was loaded: "
                    + String.join(", ", findings) + ". Add a rule for each to " + rules.file()
                    + ", or 'kind: keep' if it is safe.");
        }
    }

    static boolean nameLooksPersonal(String column) {
        String[] parts = column.toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
        return Arrays.stream(parts).anyMatch(p -> WORDS.contains(p) || STEMS.stream().anyMatch(p::contains));
    }

    /** A whole value of 7 to 15 digits with the usual separators: a phone number, not a year or an amount. */
    static boolean looksLikePhone(String value) {
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15 && PHONE_WHOLE.matcher(value).matches();
    }

    private String contentLooksPersonal(Connection c, String database, String table, String column) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + Sql.name(column) + " FROM "
                + Sql.name(database) + "." + Sql.name(table) + " WHERE " + Sql.name(column) + " IS NOT NULL LIMIT " + sampleRows)) {
            while (rs.next()) {
                String value = rs.getString(1);
                if (EMAIL_INSIDE.matcher(value).find()) {
                    return "values hold e-mail addresses";
                }
                if (looksLikePhone(value.strip())) {
                    return "values look like phone numbers";
                }
            }
        }
        return null;
    }
}
