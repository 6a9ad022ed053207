package snapmask.load;

import snapmask.schema.Shortlist;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a table definition from the masked copy ({@code SHOW CREATE TABLE}) one the analytics
 * server takes, when the two are different engines or versions: MySQL 8 writes collations,
 * expression defaults, functional indexes and invisible columns that MariaDB rejects or silently
 * drops; MariaDB has column types MySQL lacks. Each change keeps the data exact and is reported as
 * a note; what cannot be translated fails the table before anything is loaded, with what to do.
 * Analytics only ever reads, so a default or a functional index there changes no result.
 */
public final class DefinitionTranslator {

    private static final Pattern COLLATE = Pattern.compile("COLLATE[= ]([A-Za-z0-9_]+)");
    private static final Pattern COLUMN_LINE = Pattern.compile("^  `((?:[^`]|``)+)` ");
    private static final Pattern INDEX_LINE = Pattern.compile("^  (?:UNIQUE |FULLTEXT |SPATIAL )?KEY `((?:[^`]|``)+)` \\(");
    private static final Pattern FUNCTIONAL_PART = Pattern.compile("[(,]\\(");
    private static final Pattern ENGINE = Pattern.compile("ENGINE ?= ?([A-Za-z0-9_]+)");
    /** MySQL's full-text parser plugins (ngram, MeCab), which MariaDB does not have. */
    private static final Pattern FULLTEXT_PARSER = Pattern.compile(" ?/\\*!50100 WITH PARSER `([^`]+)` \\*/ ?");
    /** MySQL's language codes in 0900 collation names and MariaDB's names for the same tailorings in uca1400 ones. */
    private static final Map<String, String> MYSQL_TO_MARIADB_LANGUAGE = Map.ofEntries(Map.entry("cs", "czech"),
            Map.entry("da", "danish"), Map.entry("de_pb", "german2"), Map.entry("eo", "esperanto"), Map.entry("es", "spanish"),
            Map.entry("es_trad", "spanish2"), Map.entry("et", "estonian"), Map.entry("hr", "croatian"), Map.entry("hu", "hungarian"),
            Map.entry("is", "icelandic"), Map.entry("la", "roman"), Map.entry("lt", "lithuanian"), Map.entry("lv", "latvian"),
            Map.entry("pl", "polish"), Map.entry("ro", "romanian"), Map.entry("sk", "slovak"), Map.entry("sl", "slovenian"),
            Map.entry("sv", "swedish"), Map.entry("tr", "turkish"), Map.entry("vi", "vietnamese"));
    /** How many places a collation note names before it counts the rest. */
    private static final int NAMED = 10;
    /** Types MySQL gives a default only as an expression ({@code longtext} is MariaDB's JSON). */
    private static final Set<String> LITERAL_DEFAULT_AS_EXPRESSION = Set.of("tinytext", "text", "mediumtext", "longtext",
            "tinyblob", "blob", "mediumblob", "longblob", "json");
    private static final Pattern SRID = Pattern.compile(" ?/\\*!80003 SRID ([0-9]+) \\*/");
    private static final Pattern COMPRESSED = Pattern.compile(" ?/\\*M!100301 COMPRESSED\\*/");
    private static final Pattern INVISIBLE = Pattern.compile("/\\*!80023 INVISIBLE \\*/");
    /** A DEFAULT that is neither a literal, NULL nor CURRENT_TIMESTAMP: an expression. */
    private static final Pattern EXPRESSION_DEFAULT = Pattern.compile(
            " DEFAULT (?!'|NULL\\b|-?[0-9]|b'|0x|current_timestamp\\b|CURRENT_TIMESTAMP\\b)");

    private final boolean sourceMariaDb;
    private final boolean targetMariaDb;
    private final Set<String> targetCollations;
    private final Set<String> targetEngines;
    /** Collation replaced and its replacement, with where, in the order met. */
    private final Map<List<String>, List<String>> substitutions = new LinkedHashMap<>();
    /** Tables analytics does not get (the rules skip them): foreign keys to them are left out. */
    private Set<String> absentTables = Set.of();
    private static final Pattern FOREIGN_KEY_TO = Pattern.compile("^\\s*CONSTRAINT `((?:[^`]|``)+)` FOREIGN KEY .* REFERENCES `((?:[^`]|``)+)` ");

    /** A translator for a target with these collations and (upper-case) engines. */
    DefinitionTranslator(boolean sourceMariaDb, boolean targetMariaDb, Set<String> targetCollations, Set<String> targetEngines) {
        this.sourceMariaDb = sourceMariaDb;
        this.targetMariaDb = targetMariaDb;
        this.targetCollations = targetCollations;
        this.targetEngines = targetEngines;
    }

    /** A translator from the engine behind {@code source} to the one behind {@code target}. */
    public static DefinitionTranslator between(Connection source, Connection target) throws SQLException {
        return new DefinitionTranslator(Sql.isMariaDb(source), Sql.isMariaDb(target), collations(target),
                strings(target, "SELECT UPPER(engine) FROM information_schema.engines WHERE support IN ('YES', 'DEFAULT')"));
    }

    /**
     * The target's collations by the names a definition uses. MariaDB 10.10 and later list their
     * uca1400 collations in information_schema.collations by a short name ({@code uca1400_ai_ci},
     * no character set), and by the full one only in the applicability table, which older servers and
     * MySQL have without that column.
     */
    private static Set<String> collations(Connection target) throws SQLException {
        Set<String> out = strings(target, "SELECT collation_name FROM information_schema.collations");
        if (Sql.isMariaDb(target)) {
            try {
                out.addAll(strings(target, "SELECT full_collation_name FROM information_schema.collation_character_set_applicability"));
            } catch (SQLException beforeMariaDb1010) {
                // the names above are all there is
            }
        }
        return out;
    }

    private boolean mySqlToMariaDb() {
        return !sourceMariaDb && targetMariaDb;
    }

    private boolean mariaDbToMySql() {
        return sourceMariaDb && !targetMariaDb;
    }

    /** Only MariaDB has sequences. */
    public boolean targetHasSequences() {
        return targetMariaDb;
    }

    /** The definition the target takes, and what was changed to get it. */
    public record Translation(String ddl, List<String> notes) {
    }

    /**
     * One note per collation replaced, naming where: MySQL 8's default collation is on every table
     * and most text columns, and a note per table would bury the other notes of the report.
     */
    public List<String> collationNotes() {
        List<String> notes = new ArrayList<>();
        substitutions.forEach((pair, where) -> notes.add("collation " + pair.get(0) + " is not on the analytics server; "
                + pair.get(1) + " is used (the same bytes; sorting and comparing may differ) for "
                + Shortlist.of(where, NAMED, "; ")));
        return notes;
    }

    /** Foreign keys to these tables are left out of every definition, since analytics will not have them. */
    public DefinitionTranslator without(Set<String> tables) {
        this.absentTables = Set.copyOf(tables);
        return this;
    }

    public Translation translate(String table, String ddl) {
        List<String> notes = new ArrayList<>();
        String[] lines = ddl.split("\n");
        // the column list closes on the first line that starts with ')': after it come the table
        // options and, for a partitioned table, its partitions on lines of their own
        int close = 1;
        while (close < lines.length - 1 && !lines[close].startsWith(")")) {
            close++;
        }
        List<String> body = new ArrayList<>();
        for (int i = 1; i < close; i++) {
            String line = lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String translated = translateLine(table, line, notes);
            if (translated != null) {
                body.add(translated);
            }
        }
        String head = lines[0];
        String tail = translateOptions(table, String.join("\n", List.of(lines).subList(close, lines.length)), notes);
        return new Translation(head + "\n" + String.join(",\n", body) + "\n" + tail, List.copyOf(notes));
    }

    /** One column or index line; null when the line is left out. */
    private String translateLine(String table, String line, List<String> notes) {
        Matcher foreignKey = FOREIGN_KEY_TO.matcher(line);
        if (foreignKey.find() && absentTables.contains(foreignKey.group(2).replace("``", "`"))) {
            notes.add("table " + table + ": foreign key " + foreignKey.group(1) + " to " + foreignKey.group(2)
                    + " left out (the rules skip that table)");
            return null;
        }
        Matcher column = COLUMN_LINE.matcher(line);
        String what = column.find() ? "table " + table + ", column " + column.group(1).replace("``", "`") : "table " + table;
        Matcher index = INDEX_LINE.matcher(line);
        if (index.find() && mySqlToMariaDb() && FUNCTIONAL_PART.matcher(line.substring(index.end() - 1)).find()) {
            notes.add("table " + table + ": functional index " + index.group(1) + " left out (MariaDB has none;"
                    + " analytics only reads, so no result changes)");
            return null;
        }
        if (mariaDbToMySql() && (line.contains(" GENERATED ALWAYS AS ROW ") || line.startsWith("  PERIOD FOR SYSTEM_TIME"))) {
            return null; // system versioning's own columns: MySQL has none, and their values are not data
        }
        String out = collations(what, line);
        Matcher parser = FULLTEXT_PARSER.matcher(out);
        if (mySqlToMariaDb() && index.find(0) && parser.find()) {
            notes.add("table " + table + ": full-text index " + index.group(1) + " without its parser " + parser.group(1)
                    + " (MariaDB has none): full-text searches in analytics may match differently from production");
            out = out.substring(0, parser.start()) + out.substring(parser.end());
        }
        Matcher srid = SRID.matcher(out);
        if (mySqlToMariaDb() && srid.find()) {
            // MariaDB skips MySQL 8's versioned comment: the attribute would vanish unsaid
            notes.add(what + ": SRID " + srid.group(1) + " left out (MariaDB does not restrict a column to one spatial reference"
                    + " system; the values keep theirs)");
            out = out.substring(0, srid.start()) + out.substring(srid.end());
        }
        Matcher compressed = COMPRESSED.matcher(out);
        if (mariaDbToMySql() && compressed.find()) {
            // MySQL skips MariaDB's own comment: the attribute would vanish unsaid
            notes.add(what + ": MariaDB's column compression left out (MySQL has none; the values are the same)");
            out = out.substring(0, compressed.start()) + out.substring(compressed.end());
        }
        if (mySqlToMariaDb()) {
            out = out.replaceFirst("^(  `(?:[^`]|``)+` )geomcollection\\b", "$1geometrycollection");
            if (INVISIBLE.matcher(out).find()) {
                // MariaDB ignores MySQL's versioned comment: the column would silently turn visible
                out = INVISIBLE.matcher(out).replaceAll("INVISIBLE");
            }
        }
        if (mariaDbToMySql() && column.find(0)) {
            String type = out.substring(column.end()).split("[ (]", 2)[0].toLowerCase(Locale.ROOT);
            String text = switch (type) {
                case "inet6" -> "varchar(45) CHARACTER SET ascii";
                case "inet4" -> "varchar(15) CHARACTER SET ascii";
                case "uuid" -> "char(36) CHARACTER SET ascii";
                default -> null;
            };
            if (text != null) {
                out = out.substring(0, column.end()) + text + out.substring(column.end() + type.length());
                notes.add(what + ": MariaDB's " + type.toUpperCase(Locale.ROOT) + " is stored as text (" + text
                        + "), MySQL has no such type");
            }
        }
        if (sourceMariaDb != targetMariaDb && column.find(0)) {
            Matcher expression = EXPRESSION_DEFAULT.matcher(out);
            if (expression.find()) {
                int end = expressionEnd(out, expression.end());
                notes.add(what + ": expression default " + out.substring(expression.end(), end)
                        + " left out (analytics only reads; the other engine may not have that function)");
                out = out.substring(0, expression.start()) + out.substring(end);
            }
        }
        if (mariaDbToMySql() && column.find(0)
                && LITERAL_DEFAULT_AS_EXPRESSION.contains(out.substring(column.end()).split("[ (]", 2)[0].toLowerCase(Locale.ROOT))) {
            out = literalDefaultAsExpression(out);
        }
        return out;
    }

    private String translateOptions(String table, String options, List<String> notes) {
        String out = collations("table " + table, options);
        if (!targetMariaDb && out.contains(" WITH SYSTEM VERSIONING")) {
            notes.add("table " + table + ": system-versioned on MariaDB, a plain table of its current rows on MySQL");
            out = out.replace(" WITH SYSTEM VERSIONING", "");
        }
        Matcher engine = ENGINE.matcher(out);
        if (engine.find() && !targetEngines.contains(engine.group(1).toUpperCase(Locale.ROOT))) {
            notes.add("table " + table + ": engine " + engine.group(1) + " is not on the analytics server; InnoDB is used");
            // the table's and each partition's
            out = engine.replaceAll(m -> m.group().substring(0, m.start(1) - m.start()) + "InnoDB");
            // options only that engine knows
            out = out.replaceAll(" (PAGE_CHECKSUM|TRANSACTIONAL)=[0-9]+", "");
        }
        return out;
    }

    /** Collations the target lacks become its nearest one; the bytes stay the same, sorting may differ. */
    private String collations(String what, String line) {
        Matcher m = COLLATE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String collation = m.group(1);
            String replacement = targetCollations.contains(collation) ? collation : nearest(what, collation);
            if (!replacement.equals(collation)) {
                substitutions.computeIfAbsent(List.of(collation, replacement), k -> new ArrayList<>()).add(what);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().substring(0, "COLLATE=".length()) + replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String nearest(String what, String collation) {
        String charset = collation.substring(0, collation.indexOf('_') < 0 ? collation.length() : collation.indexOf('_'));
        List<String> candidates = new ArrayList<>(ucaTwins(collation, charset));
        if (collation.endsWith("_bin")) {
            candidates.add(charset + "_bin");
        }
        candidates.add(charset + "_unicode_520_ci");
        candidates.add(charset + "_unicode_ci");
        candidates.add(charset + "_general_ci");
        for (String candidate : candidates) {
            if (targetCollations.contains(candidate)) {
                return candidate;
            }
        }
        throw new LoadException(what + ": the analytics server has no collation like " + collation + " (character set " + charset
                + "); nothing was loaded. Use an analytics server that has character set " + charset, null);
    }

    /**
     * The other engine's collations for the same Unicode Collation Algorithm rules, best first.
     * MySQL's {@code 0900} collations are NO PAD ('a' and 'a ' differ) and MariaDB's {@code uca1400}
     * ones come in PAD SPACE and NOPAD: a UNIQUE key that holds both values in production would refuse
     * one of them in analytics under a PAD SPACE or case-insensitive twin. So NOPAD first, then PAD
     * SPACE, and where the target has no UCA twin a case-sensitive collation gets a binary one,
     * never a case-insensitive one.
     */
    private static List<String> ucaTwins(String collation, String charset) {
        List<String> out = new ArrayList<>();
        int at = collation.indexOf("_0900_");
        if (at >= charset.length()) {
            // as_cs_ks (Japanese, kana-sensitive): as_cs tells kana apart at its third level too
            String strength = collation.substring(at + "_0900_".length()).replaceFirst("^as_cs_.*", "as_cs");
            if (strength.equals("bin")) {
                return List.of(charset + "_nopad_bin");
            }
            String language = at > charset.length() ? MYSQL_TO_MARIADB_LANGUAGE.get(collation.substring(charset.length() + 1, at)) : null;
            if (language != null) {
                out.add(charset + "_uca1400_" + language + "_nopad_" + strength);
            }
            out.add(charset + "_uca1400_nopad_" + strength);
            // differs only in trailing spaces; a binary one would also sort and group differently
            out.add(charset + "_uca1400_" + strength);
            if (strength.endsWith("_cs")) {
                out.add(charset + "_nopad_bin");
                out.add(charset + "_bin");
            } else {
                out.add(charset + "_unicode_520_nopad_ci");
            }
            return out;
        }
        at = collation.indexOf("_uca1400_");
        if (at >= charset.length()) {
            String rest = collation.substring(at + "_uca1400_".length()).replace("nopad_", "");
            String strength = rest.substring(Math.max(0, rest.length() - "ai_ci".length()));
            // MySQL has no ai_cs; as_cs tells apart all that ai_cs does
            String mysqlStrength = strength.equals("ai_cs") ? "as_cs" : strength;
            String language = rest.length() > strength.length() ? rest.substring(0, rest.length() - strength.length() - 1) : null;
            MYSQL_TO_MARIADB_LANGUAGE.forEach((mysql, mariadb) -> {
                if (mariadb.equals(language)) {
                    out.add(charset + "_" + mysql + "_0900_" + mysqlStrength);
                }
            });
            out.add(charset + "_0900_" + mysqlStrength);
        } else if (collation.endsWith("_nopad_bin")) {
            out.add(charset + "_0900_bin");
        }
        return out;
    }

    /**
     * MySQL takes a default for a BLOB, TEXT or JSON column only as an expression, and refuses the
     * literal MariaDB writes (ERROR 1101); in parentheses it is the same default.
     */
    private static String literalDefaultAsExpression(String line) {
        int at = line.indexOf(" DEFAULT '");
        if (at < 0) {
            return line;
        }
        int open = at + " DEFAULT ".length();
        int close = literalEnd(line, open);
        return line.substring(0, open) + "(" + line.substring(open, close) + ")" + line.substring(close);
    }

    /** The index after the string literal that opens at {@code open}: MariaDB escapes a quote as \' or ''. */
    private static int literalEnd(String line, int open) {
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return line.length();
    }

    /** The end of a default expression that starts at {@code start}: balanced parentheses, then a space or the end. */
    private static int expressionEnd(String line, int start) {
        int depth = 0;
        boolean quoted = false;
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ' ') {
                return i;
            }
        }
        return line.length();
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
