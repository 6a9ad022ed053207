package snapmask.mask;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.Jsoner;
import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fail closed on columns nobody thought about: a column without a rule whose name or sampled
 * values look personal stops the run. New tables and columns in production (schema drift) are
 * caught the same way. In strict mode every column of every table needs a rule, {@code keep} at least.
 *
 * <p>Personal data hides inside values too: text is searched for e-mail addresses, phone numbers
 * and dates of birth anywhere in it, and JSON (in JSON columns and in text that holds JSON) is
 * walked, its keys at any depth judged like column names and its values like column values. The
 * sample is spread over the whole table, not its first rows. Findings name table, column and JSON
 * path, never a value.
 */
public class SchemaGuard {

    /** Name parts that mean personal data on their own. */
    private static final Set<String> WORDS = Set.of("name", "tel", "ip", "dob", "city", "gender", "fax", "ssn", "iban", "zip",
            "age", "sex", "kana", "furigana");
    /** Name parts that mean personal data wherever they appear in a part (firstname, phone_number, ...). */
    private static final List<String> STEMS = List.of("email", "mail", "phone", "mobile", "address", "street", "birth", "passport",
            "password", "passwd", "token", "secret", "card", "salary", "postal", "postcode", "zipcode", "surname", "firstname",
            "lastname", "fullname", "username", "nickname", "ipaddr", "prefecture", "latitude", "longitude");
    private static final Pattern EMAIL_INSIDE = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE_WHOLE = Pattern.compile("[+(0-9][0-9 ()./-]{5,22}[0-9]");
    /**
     * A phone number inside a longer text: international (+81 90-1234-5678, +1 (555) 123-4567),
     * Japanese (090-1234-5678, 03-1234-5678, 09012345678) and North American ((555) 123-4567,
     * 555-123-4567). Not a date (2024-01-15), a year or an amount.
     */
    private static final Pattern PHONE_INSIDE = Pattern.compile("(?<![\\d\\w+])(?:"
            + "\\+\\d{1,3}[ .-]?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{1,4}(?:[ .-]?\\d{2,4}){1,4}"
            + "|0\\d{1,4}-\\d{1,4}-\\d{3,4}"
            + "|0[5789]0\\d{8}"
            + "|\\(\\d{3}\\) ?\\d{3}-\\d{4}"
            + "|\\d{3}-\\d{3}-\\d{4}"
            + ")(?![\\d\\w])");
    /** The words BIRTH_DATE_INSIDE starts with, lower case. */
    private static final List<String> BIRTH_CUES = List.of("born", "birth", "dob", "生年月日", "誕生日", "生まれ");
    /** A date next to a word that says it is a birth date, in English or Japanese. */
    private static final Pattern BIRTH_DATE_INSIDE = Pattern.compile("(?iu)(?:born|birth|\\bdob\\b|生年月日|誕生日|生まれ)"
            + "[^\\d]{0,24}(?:\\d{4}[-/.年]\\s?\\d{1,2}[-/.月]\\s?\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{4}"
            + "|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.? \\d{1,2},? \\d{4}|\\d{1,2} (?:jan|feb|mar|apr|may|jun"
            + "|jul|aug|sep|oct|nov|dec)[a-z]* \\d{4})");

    /** Windows along a whole-number key that the sample is read from. */
    private static final int WINDOWS = 100;
    /**
     * Characters of a value the guard judges when no JSON rule needs the whole document: a text column
     * may hold documents of tens of megabytes, and reading 10,000 of them whole would fill the heap.
     */
    static final int JUDGED_PREFIX = 65_536;

    private final boolean strict;
    private final int sampleRows;

    public SchemaGuard(boolean strict, int sampleRows) {
        this.strict = strict;
        this.sampleRows = sampleRows;
    }

    /** How much the guard looked at: rows sampled over all tables, and tables sampled. */
    public record Sampled(long rows, int tables, int perTable) {
        @Override
        public String toString() {
            return "schema guard looked at " + rows + " row(s) of " + tables + " table(s) with text or JSON columns without a rule"
                    + " (up to " + perTable + " per table, spread over each table: snapmask.masking.guard-sample-rows)";
        }
    }

    public Sampled check(Connection c, String database, MaskingRules rules) throws SQLException {
        return check(c, database, rules, table -> true, tables -> { });
    }

    /** A table whose sample the guard reads after the tables it clears by their columns alone. */
    private record ToSample(String table, String condition, String numericKey, List<String> columns,
                            Map<String, JsonRule> jsonRules) { }

    /**
     * Looks at the tables {@code which} accepts, and hands the tables it clears to {@code cleared}
     * at once: first, together, the tables whose columns alone clear them (so the load can start
     * the biggest of them first), then each table it reads a sample of. The other tables' column
     * names are judged too, as they do not change with the masking: a new column in a masked
     * table fails the run now, with every other finding, not after the masking.
     * Any finding fails the whole check at its end, naming every column found.
     */
    public Sampled check(Connection c, String database, MaskingRules rules, Predicate<String> which,
                         Consumer<List<String>> cleared)
            throws SQLException {
        return check(c, database, rules, new SchemaReader(c).tables(database), which, cleared);
    }

    /** Looks at {@code relations} of {@code database} alone, tables or views (what the analytics scripts made). */
    public Sampled check(Connection c, String database, MaskingRules rules, List<String> relations) throws SQLException {
        return check(c, database, rules, relations, t -> true, t -> { });
    }

    private Sampled check(Connection c, String database, MaskingRules rules, List<String> relations, Predicate<String> which,
                          Consumer<List<String>> cleared) throws SQLException {
        SchemaReader schema = new SchemaReader(c);
        List<String> findings = new ArrayList<>();
        List<ToSample> toSample = new ArrayList<>();
        List<String> clearedByColumns = new ArrayList<>();
        for (String table : relations) {
            boolean judgedNow = which.test(table);
            TableRule rows = rules.tableRule(table);
            if (rows.rows() == TableRule.Rows.SKIPPED || rows.rows() == TableRule.Rows.NONE) {
                continue; // no row of it reaches analytics
            }
            int found = findings.size();
            List<MaskRule> tableRules = rules.byTable().getOrDefault(table, List.of());
            List<String> key = schema.primaryKey(database, table);
            Map<String, Column> columns = schema.columns(database, table);
            // one whole-number key: the sample is read in windows along it, without a scan of the table
            String numericKey = key.size() == 1 && columns.get(key.get(0)).type().matches("(tiny|small|medium|big)?int.*")
                    ? key.get(0) : null;
            Map<String, JsonRule> jsonRules = new LinkedHashMap<>();
            List<String> sampled = new ArrayList<>();
            for (Column column : columns.values()) {
                MaskRule rule = tableRules.stream().filter(r -> r.column().equals(column.name())).findFirst().orElse(null);
                if (rule instanceof JsonRule json) {
                    jsonRules.put(column.name(), json);
                    sampled.add(column.name());
                    continue;
                }
                if (rule != null) {
                    continue;
                }
                String where = table + "." + column.name();
                if (strict && !key.contains(column.name())) {
                    findings.add(where + " (no rule; strict mode)");
                } else if (nameLooksPersonal(column.name())) {
                    findings.add(where + " (name looks personal)");
                } else if (ColumnKind.of(column) == ColumnKind.TEXT) {
                    sampled.add(column.name());
                }
            }
            if (!judgedNow) {
                continue; // its values are judged later (after the masking)
            }
            if (!sampled.isEmpty() && sampleRows > 0) {
                toSample.add(new ToSample(table, rows.condition(), numericKey, sampled, jsonRules));
            } else if (findings.size() == found) {
                clearedByColumns.add(table);
            }
        }
        if (!clearedByColumns.isEmpty()) {
            cleared.accept(clearedByColumns);
        }
        long rowsSampled = 0;
        for (ToSample table : toSample) {
            int found = findings.size();
            rowsSampled += sample(c, database, table.table(), table.condition(), table.numericKey(), table.columns(),
                    table.jsonRules(), findings);
            if (findings.size() == found) {
                cleared.accept(List.of(table.table()));
            }
        }
        if (!findings.isEmpty()) {
            throw new SchemaGuardException(findings, String.valueOf(rules.file()));
        }
        return new Sampled(rowsSampled, toSample.size(), sampleRows);
    }

    static boolean nameLooksPersonal(String name) {
        // camelCase keys (birthDate, phoneNumber) split like snake_case ones
        String[] parts = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[^\\p{L}0-9]+");
        return Arrays.stream(parts).anyMatch(p -> WORDS.contains(p) || STEMS.stream().anyMatch(p::contains));
    }

    /** A whole value of 7 to 15 digits with the usual separators: a phone number, not a year or an amount. */
    static boolean looksLikePhone(String value) {
        long digits = value.chars().filter(Character::isDigit).count();
        return digits >= 7 && digits <= 15 && PHONE_WHOLE.matcher(value).matches();
    }

    /** What in a text value looks personal, or null. */
    static String textLooksPersonal(String value) {
        // the patterns are costly on long texts; none can match without an @ or without four digits
        if (value.indexOf('@') >= 0 && EMAIL_INSIDE.matcher(value).find()) {
            return "values hold e-mail addresses";
        }
        if (!hasDigits(value, 4)) {
            return null;
        }
        if (looksLikePhone(value.strip()) || PHONE_INSIDE.matcher(value).find()) {
            return "values hold phone numbers";
        }
        if (mentionsBirth(value) && BIRTH_DATE_INSIDE.matcher(value).find()) {
            return "values hold dates of birth";
        }
        return null;
    }

    /** The birth-date pattern needs one of its cue words; looking for them first is far cheaper than the pattern. */
    private static boolean mentionsBirth(String value) {
        StringBuilder lower = new StringBuilder(value.length());
        value.codePoints().map(Character::toLowerCase).forEach(lower::appendCodePoint);
        String text = lower.toString();
        return BIRTH_CUES.stream().anyMatch(text::contains);
    }

    private static boolean hasDigits(String value, int atLeast) {
        int digits = 0;
        for (int i = 0; i < value.length() && digits < atLeast; i++) {
            if (Character.isDigit(value.charAt(i))) {
                digits++;
            }
        }
        return digits >= atLeast;
    }

    /**
     * Reads up to {@code sampleRows} rows spread over the whole table and judges the columns' values;
     * returns the rows read. Values stay in this method. With a whole-number key, the rows come from
     * {@link #WINDOWS} evenly spaced windows along it (index range reads, whatever the table's size);
     * otherwise each row is taken with the same chance in one scan, with a fixed seed so every night
     * looks at the same rows of the same data. A value is judged on its first {@link #JUDGED_PREFIX}
     * characters unless a JSON rule needs the whole document.
     */
    private long sample(Connection c, String database, String table, String condition, String numericKey, List<String> columns,
                        Map<String, JsonRule> jsonRules, List<String> findings) throws SQLException {
        String from = Sql.name(database) + "." + Sql.name(table);
        String copied = condition == null ? "TRUE" : condition;
        String judged = columns.stream().map(column -> jsonRules.containsKey(column) ? Sql.name(column)
                : "LEFT(" + Sql.name(column) + ", " + JUDGED_PREFIX + ")").collect(Collectors.joining(", "));
        List<String> queries = new ArrayList<>();
        long[] range = numericKey == null ? null : keyRange(c, from, numericKey, copied);
        if (range != null && range[1] - range[0] >= sampleRows) {
            int windows = Math.min(WINDOWS, sampleRows);
            long step = (range[1] - range[0] + 1) / windows;
            for (int w = 0; w < windows; w++) {
                queries.add("SELECT " + judged + " FROM " + from + " WHERE " + Sql.name(numericKey) + " >= "
                        + (range[0] + w * step) + " AND " + copied + " ORDER BY " + Sql.name(numericKey) + " LIMIT "
                        + (sampleRows / windows));
            }
        } else if (range != null) {
            queries.add("SELECT " + judged + " FROM " + from + " WHERE " + copied + " LIMIT " + sampleRows);
        } else {
            long rows = Sql.count(c, "SELECT COUNT(*) FROM " + from + " WHERE " + copied);
            // aiming a little under the limit: a sample cut off by LIMIT would never see the table's end
            double chance = rows <= sampleRows ? 1.0 : 0.9 * sampleRows / rows;
            queries.add("SELECT " + judged + " FROM " + from + " WHERE " + copied
                    + (chance < 1.0 ? " AND RAND(20261126) < " + chance : "") + " LIMIT " + sampleRows);
        }
        Map<String, String> found = new LinkedHashMap<>();
        long read = 0;
        try (Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE); // Connector/J: one row at a time, not the whole sample in the heap
            for (String query : queries) {
                try (ResultSet rs = st.executeQuery(query)) {
                    while (rs.next()) {
                        read++;
                        for (int i = 0; i < columns.size(); i++) {
                            String value = rs.getString(i + 1);
                            if (value != null) {
                                judge(table + "." + columns.get(i), value, jsonRules.get(columns.get(i)), found);
                            }
                        }
                    }
                }
            }
        }
        found.forEach((where, what) -> findings.add(where + " (" + what + ")"));
        return read;
    }

    /** The smallest and largest key of the rows analytics gets, or null for no rows. */
    private static long[] keyRange(Connection c, String from, String key, String copied) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(" + Sql.name(key) + "), MAX("
                + Sql.name(key) + ") FROM " + from + " WHERE " + copied)) {
            rs.next();
            return rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)};
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                return null; // a BIGINT UNSIGNED beyond Java's long: sampled by the scan instead
            }
            throw e;
        }
    }

    private static void judge(String where, String value, JsonRule rule, Map<String, String> found) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                walk(where, "$", Jsoner.deserialize(trimmed), rule, found);
                return;
            } catch (DeserializationException notJson) {
                // text that merely starts with a brace: judged as text below
            }
        }
        if (rule == null && !found.containsKey(where)) {
            String what = textLooksPersonal(value);
            if (what != null) {
                found.put(where, what);
            }
        }
    }

    /** Judges every key and every value of a JSON document; arrays are one path ({@code [*]}). */
    private static void walk(String where, String path, Object node, JsonRule rule, Map<String, String> found) {
        if (rule != null && rule.covers(path)) {
            return;
        }
        if (node instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = path + "." + JsonRule.pathKey(key);
                String at = where + " " + child;
                if (rule != null && rule.covers(child)) {
                    continue;
                }
                if (textLooksPersonal(key) != null) {
                    // the key itself is a personal value: say where, not which
                    found.putIfAbsent(where + " " + path + ".<key>", "keys hold personal values");
                    continue;
                }
                if (nameLooksPersonal(key)) {
                    found.putIfAbsent(at, "JSON key looks personal");
                    continue;
                }
                walk(where, child, entry.getValue(), rule, found);
            }
        } else if (node instanceof List<?> array) {
            for (Object element : array) {
                walk(where, path + "[*]", element, rule, found);
            }
        } else if (node instanceof String text) {
            String what = textLooksPersonal(text);
            if (what != null) {
                found.putIfAbsent(where + " " + path, what);
            }
        }
    }
}
