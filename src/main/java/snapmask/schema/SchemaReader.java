package snapmask.schema;

import org.apache.camel.util.json.DeserializationException;
import org.apache.camel.util.json.Jsoner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads table and column facts from information_schema; the one place that knows those queries. */
public final class SchemaReader {

    private static final Pattern STATS_AUTO_RECALC = Pattern.compile("(?i)(?:^|\\s)stats_auto_recalc=([01])\\b");

    private final Connection connection;

    public SchemaReader(Connection connection) {
        this.connection = connection;
    }

    public boolean databaseExists(String database) throws SQLException {
        return !strings("SELECT schema_name FROM information_schema.schemata WHERE schema_name = ?", database).isEmpty();
    }

    /**
     * Tables that hold rows, in name order: base tables and MariaDB's system-versioned tables (their
     * current rows; history is the server's own, as with mysqldump). Not views, not sequences.
     */
    public List<String> tables(String database) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY table_name", database);
    }

    /** MariaDB's sequences, in name order (MySQL has none). */
    public List<String> sequences(String database) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type = 'SEQUENCE' ORDER BY table_name", database);
    }

    /** Stored functions, in name order. */
    public List<String> functions(String database) throws SQLException {
        return strings("SELECT routine_name FROM information_schema.routines WHERE routine_schema = ?"
                + " AND routine_type = 'FUNCTION' ORDER BY routine_name", database);
    }

    /** Stored procedures and events, as "procedure name" and "event name", in that order. */
    public List<String> proceduresAndEvents(String database) throws SQLException {
        return strings("SELECT CONCAT('procedure ', routine_name) FROM information_schema.routines WHERE routine_schema = ?"
                + " AND routine_type = 'PROCEDURE' UNION ALL SELECT CONCAT('event ', event_name) FROM information_schema.events"
                + " WHERE event_schema = ? ORDER BY 1", database, database);
    }

    /** Views, in name order. */
    public List<String> views(String database) throws SQLException {
        return strings("SELECT table_name FROM information_schema.views WHERE table_schema = ? ORDER BY table_name", database);
    }

    /**
     * A view's SELECT, with this database's qualifier taken out of its names, so that created in
     * another database it reads that database's tables.
     */
    public String viewSelect(String database, String view) throws SQLException {
        String definition = strings("SELECT view_definition FROM information_schema.views WHERE table_schema = ?"
                + " AND table_name = ?", database, view).get(0);
        return definition.replace(Sql.name(database) + ".", "");
    }

    /** Triggers, by table and name. */
    public List<Trigger> triggers(String database) throws SQLException {
        List<Trigger> triggers = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT event_object_table, trigger_name FROM"
                + " information_schema.triggers WHERE trigger_schema = ? ORDER BY event_object_table, trigger_name")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    triggers.add(new Trigger(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return triggers;
    }

    /** A trigger on a table; shown as table.trigger. */
    public record Trigger(String table, String name) {
        @Override
        public String toString() {
            return table + "." + name;
        }
    }

    /** Columns in table order, name to column type (e.g. {@code varchar(255)}). */
    public Map<String, Column> columns(String database, String table) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT column_name, column_type, is_nullable, extra,"
                + " character_maximum_length, character_set_name, collation_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY ordinal_position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // not MySQL's DEFAULT_GENERATED, which is a column with an expression default
                    String extra = rs.getString(4) == null ? "" : rs.getString(4).toUpperCase();
                    boolean generated = extra.contains("VIRTUAL GENERATED") || extra.contains("STORED GENERATED")
                            || extra.contains("ROW START") || extra.contains("ROW END");
                    long length = rs.getLong(5);
                    Long maxLength = rs.wasNull() ? null : length;
                    columns.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2),
                            "YES".equals(rs.getString(3)), generated, maxLength,
                            rs.getString(6), rs.getString(7), extra.contains("ON UPDATE")));
                }
            }
        }
        return columns;
    }

    /** Columns a copy must write: all but generated ones (and MariaDB's row start/end), which the server computes. */
    public List<String> writableColumns(String database, String table) throws SQLException {
        return columns(database, table).values().stream().filter(c -> !c.generated()).map(Column::name).toList();
    }

    public List<String> primaryKey(String database, String table) throws SQLException {
        return strings("SELECT column_name FROM information_schema.statistics WHERE table_schema = ? AND table_name = ?"
                + " AND index_name = 'PRIMARY' ORDER BY seq_in_index", database, table);
    }

    /**
     * Columns that take part in a foreign key, either side: they reference another table, or
     * another table references them. By table, column name to constraint name.
     */
    public Map<String, Map<String, String>> foreignKeyColumns(String database) throws SQLException {
        // one query for the whole database: a per-table query scans every schema's keys for the
        // referencing side (MariaDB, 1,500 tables: 90 s a plan)
        Map<String, Map<String, String>> byTable = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT table_name, column_name, constraint_name FROM"
                + " information_schema.key_column_usage WHERE table_schema = ? AND referenced_table_name IS NOT NULL"
                + " UNION SELECT referenced_table_name, referenced_column_name, constraint_name FROM information_schema.key_column_usage"
                + " WHERE referenced_table_schema = ? AND referenced_table_name IS NOT NULL")) {
            ps.setString(1, database);
            ps.setString(2, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).putIfAbsent(rs.getString(2), rs.getString(3));
                }
            }
        }
        return byTable;
    }

    /** B-tree indexes other than the primary key, with their column parts, in name order. */
    public List<Index> secondaryIndexes(String database, String table) throws SQLException {
        Map<String, Index> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT index_name, non_unique, column_name, sub_part"
                + " FROM information_schema.statistics WHERE table_schema = ? AND table_name = ? AND index_name <> 'PRIMARY'"
                + " AND index_type = 'BTREE' ORDER BY index_name, seq_in_index")) {
            ps.setString(1, database);
            ps.setString(2, table);
            Set<String> functional = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(3) == null) {
                        // a MySQL functional key part has an expression, no column: the server keeps such an index itself
                        functional.add(rs.getString(1));
                        continue;
                    }
                    Index index = indexes.computeIfAbsent(rs.getString(1), n -> new Index(n, false, new ArrayList<>(), new ArrayList<>()));
                    boolean unique = rs.getInt(2) == 0;
                    String part = rs.getString(4);
                    index.columns().add(rs.getString(3));
                    index.parts().add(Sql.name(rs.getString(3)) + (part == null ? "" : "(" + part + ")"));
                    if (unique && !index.unique()) {
                        indexes.put(index.name(), new Index(index.name(), true, index.columns(), index.parts()));
                    }
                }
            }
            functional.forEach(indexes::remove);
        }
        return List.copyOf(indexes.values());
    }

    /** A secondary index: enough to drop it and build it again. */
    public record Index(String name, boolean unique, List<String> columns, List<String> parts) {
        public String addClause() {
            return "ADD " + (unique ? "UNIQUE " : "") + "INDEX " + Sql.name(name) + " (" + String.join(", ", parts) + ")";
        }
    }

    /** Unique indexes other than the primary key: index name to its columns in order. */
    public Map<String, List<String>> uniqueIndexes(String database, String table) throws SQLException {
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT index_name, column_name FROM information_schema.statistics"
                + " WHERE table_schema = ? AND table_name = ? AND non_unique = 0 AND index_name <> 'PRIMARY'"
                + " ORDER BY index_name, seq_in_index")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    indexes.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return indexes;
    }

    public String createTable(String database, String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + Sql.name(database) + "." + Sql.name(table))) {
            rs.next();
            return rs.getString(2);
        }
    }

    /**
     * The table's own STATS_AUTO_RECALC: {@code 0} or {@code 1} where production set one, else
     * {@code DEFAULT} (the server's innodb_stats_auto_recalc), as ALTER TABLE takes it.
     */
    public String statsAutoRecalc(String database, String table) throws SQLException {
        List<String> options = strings("SELECT create_options FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name = ?", database, table);
        Matcher m = STATS_AUTO_RECALC.matcher(options.isEmpty() || options.get(0) == null ? "" : options.get(0));
        return m.find() ? m.group(1) : "DEFAULT";
    }

    /** The tables of {@code database} created or altered with STATS_AUTO_RECALC=0. */
    public List<String> tablesWithStatsAutoRecalcOff(String database) throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND CONCAT(' ', LOWER(create_options), ' ') LIKE '% stats_auto_recalc=0 %'", database);
    }

    public List<String> databasesLike(String pattern) throws SQLException {
        return strings("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE ? ORDER BY schema_name", pattern);
    }

    /** Null when {@code condition} is a valid WHERE condition on the table, else the server's objection. */
    public String refusedCondition(String database, String table, String condition) {
        try (Statement st = connection.createStatement()) {
            st.executeQuery("SELECT 1 FROM " + Sql.name(database) + "." + Sql.name(table) + " WHERE (" + condition + ") LIMIT 0").close();
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** The keys of the JSON objects at {@code path} in a column, over all rows (a JSON column's shape, not its values). */
    public List<String> jsonKeys(String database, String table, String column, String path) throws SQLException {
        String c = Sql.name(column);
        Set<String> keys = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT JSON_KEYS(" + c + ", ?) FROM " + Sql.name(database)
                + "." + Sql.name(table) + " WHERE JSON_VALID(" + c + ") AND JSON_TYPE(JSON_EXTRACT(" + c + ", ?)) = 'OBJECT'")) {
            ps.setString(1, path);
            ps.setString(2, path);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        if (Jsoner.deserialize(rs.getString(1)) instanceof List<?> list) {
                            list.forEach(k -> keys.add(String.valueOf(k)));
                        }
                    } catch (DeserializationException e) {
                        throw new SQLException("the server's JSON_KEYS answer for " + table + "." + column + " is not a JSON array", e);
                    }
                }
            }
        }
        return List.copyOf(keys);
    }

    /** The length of the longest JSON array at {@code path} in a column, 0 when there is none. */
    public long jsonMaxLength(String database, String table, String column, String path) throws SQLException {
        String c = Sql.name(column);
        try (PreparedStatement ps = connection.prepareStatement("SELECT COALESCE(MAX(JSON_LENGTH(" + c + ", ?)), 0) FROM "
                + Sql.name(database) + "." + Sql.name(table) + " WHERE JSON_VALID(" + c + ") AND JSON_TYPE(JSON_EXTRACT(" + c
                + ", ?)) = 'ARRAY'")) {
            ps.setString(1, path);
            ps.setString(2, path);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> strings(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * A column; charset and collation are null for non-text columns. {@code autoUpdated}: the
     * server sets it on every UPDATE of the row ({@code ON UPDATE CURRENT_TIMESTAMP}).
     */
    public record Column(String name, String type, boolean nullable, boolean generated, Long maxLength,
                         String charset, String collation, boolean autoUpdated) {
    }
}
