package snapmask.load;

import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * MySQL's JSON is stored parsed, with types its text cannot carry: a DECIMAL ({@code 12.50} reads
 * back as the DOUBLE 12.5, {@code 0.333333333333333333333333333333} as 0.3333333333333333), an
 * UNSIGNED INTEGER, a DATE, TIME or DATETIME and a binary value (strings in the text); and MySQL's
 * parser reads some printed DOUBLEs back one unit off ({@code 1.2345678901234567e32}). mysqldump
 * loses all of these, and so does a copy of the text. After a table is copied from a MySQL source,
 * the documents holding such a value are found on the source, and on a MySQL target each is set
 * again with every such value typed as the source has it; the text of each is compared after. A
 * MariaDB target holds JSON as text, which keeps every number as printed: its dates, times and
 * binary values stay strings, and the report says how many documents hold them.
 */
final class JsonRetyping {

    /** JSON types whose text reads back as another type. */
    private static final String TYPED = "'DECIMAL', 'UNSIGNED INTEGER', 'DATE', 'TIME', 'DATETIME', 'BLOB', 'OPAQUE', 'BIT'";
    /** MariaDB's JSON keeps the text: only these lose their type there. */
    private static final List<String> NOT_TEXT = List.of("DATE", "TIME", "DATETIME", "BLOB", "OPAQUE", "BIT");
    /** Set first: MySQL writes no row whose new JSON compares equal to the old one (12.5 = 12.50). */
    private static final String PLACEHOLDER = "CAST('{\"snapmask\": \"retyping\"}' AS JSON)";
    private static final int PATHS_PER_QUERY = 200;

    private JsonRetyping() {
    }

    /** Sets the typed JSON values of {@code fromDb.table}'s copied rows in {@code toDb.table}; returns the notes for the report. */
    static List<String> retype(Connection from, String fromDb, Connection to, String toDb, String table, String condition)
            throws SQLException {
        if (Sql.isMariaDb(from)) {
            return List.of(); // its JSON is text: what was read is what it holds
        }
        SchemaReader schema = new SchemaReader(from);
        List<String> json = schema.columns(fromDb, table).values().stream()
                .filter(c -> !c.generated() && c.type().toLowerCase(Locale.ROOT).equals("json")).map(Column::name).toList();
        if (json.isEmpty()) {
            return List.of();
        }
        List<String> key = schema.primaryKey(fromDb, table);
        boolean mySqlTarget = !Sql.isMariaDb(to);
        List<String> notes = new ArrayList<>();
        for (String column : json) {
            Map<List<String>, String> documents = typedDocuments(from, fromDb, table, column, key, condition);
            if (documents.isEmpty()) {
                continue;
            }
            if (key.isEmpty()) {
                throw new LoadException("table " + table + ", column " + column + ": " + documents.size() + " JSON document(s) hold"
                        + " values whose type their text cannot carry (DECIMAL, DATE, binary, ...), and the table has no primary key"
                        + " to set them again by; nothing was swapped. Give the table a primary key in production", null);
            }
            int kept = 0;
            TreeSet<String> lost = new TreeSet<>();
            for (var document : documents.entrySet()) {
                List<JsonScalars.Scalar> scalars = JsonScalars.of(document.getValue());
                List<String> types = types(from, fromDb, table, column, key, document.getKey(), scalars);
                if (mySqlTarget) {
                    lost.addAll(setTyped(to, toDb, table, column, key, document.getKey(), document.getValue(), scalars, types));
                } else if (types.stream().anyMatch(NOT_TEXT::contains)) {
                    kept++;
                    types.stream().filter(NOT_TEXT::contains).forEach(lost::add);
                }
            }
            if (mySqlTarget && lost.isEmpty()) {
                continue;
            }
            notes.add(mySqlTarget
                    ? "column " + column + ": JSON values of type " + String.join(", ", lost) + " arrive as their text's type"
                    + " (MySQL can make them only from a column of that type)"
                    : "column " + column + ": " + kept + " JSON document(s) hold MySQL " + String.join(", ", lost) + " values, which"
                    + " MariaDB's JSON (text) holds as strings");
        }
        return notes;
    }

    /**
     * Key to text of the documents whose text would read back otherwise: it holds a value of a
     * TYPED type (at the top, as a member or as an element at any depth), or its numbers print
     * differently once read back.
     */
    private static Map<List<String>, String> typedDocuments(Connection from, String db, String table, String column,
                                                            List<String> key, String condition) throws SQLException {
        String c = Sql.name(column);
        String nodes = "JSON_MERGE_PRESERVE(JSON_ARRAY(" + c + "), COALESCE(JSON_EXTRACT(" + c + ", '$**.*'), JSON_ARRAY()),"
                + " COALESCE(JSON_EXTRACT(" + c + ", '$**[*]'), JSON_ARRAY()))";
        String sql = "SELECT " + (key.isEmpty() ? "" : Sql.names(key) + ", ") + "CAST(" + c + " AS CHAR)"
                + " FROM " + Sql.name(db) + "." + Sql.name(table) + " WHERE " + c + " IS NOT NULL"
                + (condition == null ? "" : " AND (" + condition + ")")
                + " AND (CAST(CAST(CAST(" + c + " AS CHAR) AS JSON) AS CHAR) <> CAST(" + c + " AS CHAR)"
                + " OR EXISTS (SELECT 1 FROM JSON_TABLE(" + nodes + ", '$[*]' COLUMNS (v JSON PATH '$')) n"
                + " WHERE JSON_TYPE(n.v) IN (" + TYPED + ")))";
        Map<List<String>, String> out = new LinkedHashMap<>();
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                List<String> keyValues = new ArrayList<>();
                for (int i = 1; i <= key.size(); i++) {
                    keyValues.add(rs.getString(i));
                }
                out.put(keyValues, rs.getString(key.size() + 1));
            }
        }
        return out;
    }

    /** The JSON type of each number and string of one document, as the source holds it. */
    private static List<String> types(Connection from, String db, String table, String column, List<String> key,
                                      List<String> keyValues, List<JsonScalars.Scalar> scalars) throws SQLException {
        List<String> types = new ArrayList<>();
        for (int start = 0; start < scalars.size(); start += PATHS_PER_QUERY) {
            List<JsonScalars.Scalar> some = scalars.subList(start, Math.min(scalars.size(), start + PATHS_PER_QUERY));
            String sql = "SELECT " + some.stream().map(s -> "JSON_TYPE(JSON_EXTRACT(" + Sql.name(column) + ", ?))")
                    .collect(Collectors.joining(", ")) + " FROM " + Sql.name(db) + "." + Sql.name(table) + " WHERE " + byKey(key);
            try (PreparedStatement ps = from.prepareStatement(sql)) {
                int i = 1;
                for (JsonScalars.Scalar s : some) {
                    ps.setString(i++, s.path());
                }
                bind(ps, i, keyValues);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int j = 1; j <= some.size(); j++) {
                        types.add(rs.getString(j));
                    }
                }
            }
        }
        return types;
    }

    /**
     * Writes the document again on the target with each typed value made as its type; returns the
     * types it could not make. Then the target's text must be the source's.
     */
    private static List<String> setTyped(Connection to, String toDb, String table, String column, List<String> key,
                                         List<String> keyValues, String text, List<JsonScalars.Scalar> scalars, List<String> types)
            throws SQLException {
        List<String> lost = new ArrayList<>();
        StringBuilder set = new StringBuilder("JSON_SET(CAST(? AS JSON)");
        for (int i = 0; i < scalars.size(); i++) {
            String made = made(types.get(i), scalars.get(i).text());
            if (made != null) {
                set.append(", ").append(Sql.literal(scalars.get(i).path())).append(", ").append(made);
            } else if (!List.of("INTEGER", "STRING").contains(types.get(i))) {
                lost.add(types.get(i));
            }
        }
        set.append(")");
        String where = " WHERE " + byKey(key);
        String target = Sql.name(toDb) + "." + Sql.name(table);
        String update = "UPDATE " + target + " SET " + Sql.name(column) + " = ";
        try (PreparedStatement placeholder = to.prepareStatement(update + PLACEHOLDER + where);
             PreparedStatement typed = to.prepareStatement(update + set + where)) {
            bind(placeholder, 1, keyValues).executeUpdate();
            typed.setString(1, text);
            bind(typed, 2, keyValues).executeUpdate();
        }
        try (PreparedStatement ps = bind(to.prepareStatement("SELECT CAST(" + Sql.name(column) + " AS CHAR) FROM " + target + where),
                1, keyValues)) {
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !text.equals(rs.getString(1))) {
                    throw new LoadException("table " + table + ", column " + column + ": a JSON document set again with its typed"
                            + " values does not read as in the copy (row with " + String.join(", ", key) + " " + RowKey.shown(keyValues)
                            + "); nothing was swapped", null);
                }
            }
        }
        return lost;
    }

    /** The SQL that makes a value of {@code type} from its printed {@code text}; null when the text already does, or none can. */
    private static String made(String type, String text) {
        return switch (type) {
            case "DOUBLE" -> "CAST(" + Sql.literal(text) + " AS DOUBLE)";
            case "UNSIGNED INTEGER" -> "CAST(" + Sql.literal(text) + " AS UNSIGNED)";
            case "DECIMAL" -> {
                String digits = text.replace("-", "");
                int point = digits.indexOf('.');
                int scale = point < 0 ? 0 : digits.length() - point - 1;
                int precision = Math.max(1, Math.min(65, digits.replace(".", "").length()));
                yield "CAST(" + Sql.literal(text) + " AS DECIMAL(" + Math.max(precision, scale) + ", " + scale + "))";
            }
            case "DATE" -> "CAST(" + Sql.literal(text) + " AS DATE)";
            case "TIME" -> "CAST(" + Sql.literal(text) + " AS TIME(6))";
            case "DATETIME" -> "CAST(" + Sql.literal(text) + " AS DATETIME(6))";
            // a VARBINARY value (type 15) is what CAST(... AS BINARY) makes; other column types' binaries no SQL makes
            case "BLOB" -> text.startsWith("base64:type15:")
                    ? "CAST(FROM_BASE64(" + Sql.literal(text.substring("base64:type15:".length())) + ") AS BINARY)" : null;
            default -> null;
        };
    }

    private static PreparedStatement bind(PreparedStatement ps, int first, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(first + i, values.get(i));
        }
        return ps;
    }

    private static String byKey(List<String> key) {
        return key.stream().map(k -> Sql.name(k) + " = ?").collect(Collectors.joining(" AND "));
    }
}
