package snapmask.mask;

import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code kind: json}: rules for values inside a JSON document, per path.
 *
 * <pre>
 * profile:
 *   kind: json
 *   paths:
 *     $.birth_year: { kind: noise, bound: 5 }
 *     $.phone:      { kind: "null" }
 *     $.address.*:  { kind: constant, value: "(masked)" }
 *     $.locale:     { kind: keep }
 * </pre>
 *
 * Runs as one JSON_REPLACE per row on the temporary copy: a path the document lacks stays absent,
 * a JSON null stays null. Wildcards ({@code .*}, {@code [*]}) are expanded into the concrete paths
 * the copy's documents hold before the UPDATE is built, because MariaDB's JSON_REPLACE answers a
 * wildcard path with NULL and only a warning, which would empty the column. A document that is not
 * valid JSON is left as it is and fails the leak check. Paths not listed are judged by the schema
 * guard like columns.
 *
 * @param paths declared path to rule; after {@link #expand} only concrete paths
 */
public record JsonRule(String table, String column, Map<String, MaskRule> paths, RuleSource source) implements MaskRule {

    /** The kinds a path may use. */
    static final String PATH_KINDS = "null, constant, keep, noise, hash, fake, template, email, partial";
    /** $ then .key, ."quoted key", .*, [n] or [*] segments. */
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z_$][A-Za-z0-9_$]*|\\.\"(?:[^\"\\\\]|\\\\.)+\"|\\.\\*|\\[(?:\\d+|\\*)])+");
    private static final Pattern SEGMENT = Pattern.compile("\\.[A-Za-z_$][A-Za-z0-9_$]*|\\.\"(?:[^\"\\\\]|\\\\.)+\"|\\.\\*|\\[(?:\\d+|\\*)]");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    /** More concrete paths than this from one wildcard means the documents are not records: refuse. */
    static final int MAX_PATHS = 500;

    public JsonRule {
        paths.keySet().forEach(JsonRule::checkPath);
    }

    static void checkPath(String path) {
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("path '" + path + "' is not a JSON path snapmask takes: $ then .key, .\"any key\", .*,"
                    + " [0] or [*] parts, e.g. $.address.city or $.phones[*]");
        }
    }

    @Override
    public String kind() {
        return "json";
    }

    /** A key as a path segment: plain, or double-quoted when it holds other characters. */
    static String pathKey(String key) {
        return PLAIN_KEY.matcher(key).matches() ? key : "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Whether a path found in a document (arrays as {@code [*]}) is masked or declared safe by
     * this rule: a declared path covers itself and everything under it.
     */
    public boolean covers(String found) {
        List<String> have = segments(found);
        for (String declared : paths.keySet()) {
            List<String> want = segments(declared);
            if (want.size() > have.size()) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < want.size() && match; i++) {
                String w = want.get(i);
                String h = have.get(i);
                match = w.equals(h) || (w.equals(".*") && h.startsWith(".")) || (w.startsWith("[") && h.startsWith("["));
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path.substring(1));
        while (m.find()) {
            segments.add(m.group());
        }
        return segments;
    }

    /**
     * This rule with every wildcard replaced by the keys and indexes the copy's documents have;
     * each concrete path keeps its rule.
     */
    public JsonRule expand(SchemaReader schema, String database) throws SQLException {
        Map<String, MaskRule> concrete = new LinkedHashMap<>();
        for (Map.Entry<String, MaskRule> entry : paths.entrySet()) {
            List<String> found = new ArrayList<>();
            expand(schema, database, "$", segments(entry.getKey()), found);
            if (found.size() > MAX_PATHS) {
                throw new MaskingRulesException(source + ": " + describe() + " path " + entry.getKey() + " matches " + found.size()
                        + " paths in the documents (more than " + MAX_PATHS + "); name the paths or mask a parent path whole");
            }
            found.forEach(p -> concrete.putIfAbsent(p, entry.getValue()));
        }
        return new JsonRule(table, column, concrete, source);
    }

    private void expand(SchemaReader schema, String database, String prefix, List<String> rest, List<String> into)
            throws SQLException {
        if (rest.isEmpty()) {
            into.add(prefix);
            return;
        }
        String segment = rest.get(0);
        List<String> tail = rest.subList(1, rest.size());
        if (segment.equals(".*")) {
            for (String key : schema.jsonKeys(database, table, column, prefix)) {
                expand(schema, database, prefix + "." + pathKey(key), tail, into);
            }
        } else if (segment.equals("[*]")) {
            long length = schema.jsonMaxLength(database, table, column, prefix);
            for (long i = 0; i < length && into.size() <= MAX_PATHS; i++) {
                expand(schema, database, prefix + "[" + i + "]", tail, into);
            }
        } else {
            expand(schema, database, prefix + segment, tail, into);
        }
    }

    /** The value at {@code path} as SQL: NULL when the document lacks it or holds JSON null there. */
    private static String member(String document, String path, boolean number) {
        String extract = "JSON_EXTRACT(" + document + ", " + Sql.literal(path) + ")";
        return "CASE WHEN JSON_TYPE(" + extract + ") = 'NULL' THEN NULL ELSE "
                + (number ? "CAST(JSON_UNQUOTE(" + extract + ") AS SIGNED)" : "JSON_UNQUOTE(" + extract + ")") + " END";
    }

    private static boolean number(MaskRule rule) {
        return rule instanceof NoiseRule;
    }

    /** What an inner rule sees as its column: a whole number for noise, text for the others. */
    private static Column valueColumn(MaskRule rule) {
        return new Column("json value", number(rule) ? "bigint" : "longtext", true, false, null, "utf8mb4", "utf8mb4_bin", false);
    }

    @Override
    public String maskedValue(String value, String qualifier, Column c) {
        List<String> replacements = new ArrayList<>();
        for (Map.Entry<String, MaskRule> entry : paths.entrySet()) {
            MaskRule rule = entry.getValue();
            if (!rule.masks()) {
                continue;
            }
            String masked = rule.maskedValue(member(value, entry.getKey(), number(rule)), qualifier, valueColumn(rule));
            // MySQL makes no JSON from a binary string: text goes in as utf8mb4
            replacements.add(Sql.literal(entry.getKey()) + ", " + (number(rule) || rule instanceof NullRule ? masked
                    : "CONVERT(" + masked + " USING utf8mb4)"));
        }
        if (replacements.isEmpty()) {
            return value;
        }
        return "CASE WHEN " + value + " IS NULL THEN NULL WHEN JSON_VALID(" + value + ") THEN JSON_REPLACE(" + value + ", "
                + String.join(", ", replacements) + ") ELSE " + value + " END";
    }

    @Override
    public String unmaskedCondition(String value, Column c) {
        List<String> conditions = new ArrayList<>();
        conditions.add(value + " IS NOT NULL AND NOT JSON_VALID(" + value + ")");
        for (Map.Entry<String, MaskRule> entry : paths.entrySet()) {
            MaskRule rule = entry.getValue();
            String unmasked = rule.masks() ? rule.unmaskedCondition(member(value, entry.getKey(), number(rule)), valueColumn(rule))
                    : null;
            if (unmasked != null) {
                conditions.add("JSON_VALID(" + value + ") AND (" + unmasked + ")");
            }
        }
        return conditions.stream().map(s -> "(" + s + ")").collect(Collectors.joining(" OR "));
    }

    @Override
    public Set<String> referencedColumns() {
        Set<String> columns = new LinkedHashSet<>();
        paths.values().forEach(r -> columns.addAll(r.referencedColumns()));
        return columns;
    }

    @Override
    public ColumnKind.Set accepts() {
        return ColumnKind.Set.of(ColumnKind.TEXT);
    }

    @Override
    public boolean keepsUnique(Set<String> uniqueColumns) {
        return false;
    }

    @Override
    public List<String> fakeLists() {
        return paths.values().stream().flatMap(r -> r.fakeLists().stream()).toList();
    }

    @Override
    public boolean needsSecret() {
        return paths.values().stream().anyMatch(r -> r.masks() && r.needsSecret());
    }

    @Override
    public boolean masks() {
        return paths.values().stream().anyMatch(MaskRule::masks);
    }

    @Override
    public String describe() {
        return table + "." + column;
    }
}
