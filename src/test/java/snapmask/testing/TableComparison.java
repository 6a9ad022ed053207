package snapmask.testing;

import com.mysql.cj.jdbc.MysqlDataSource;
import org.apache.camel.util.json.Jsoner;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares every value of every table of two databases, possibly on different engines, exactly:
 * strings and binaries as bytes (in the column's character set), FLOAT and DOUBLE as their IEEE
 * bits (read over the binary protocol, so no text rounding hides a change), numbers, dates and
 * times as the server's exact text, JSON as a document (MySQL stores it normalised, MariaDB
 * verbatim), spatial values as their stored bytes. Also compares the character set of each text
 * column (a type the target lacks, such as MariaDB's INET6 on MySQL, may arrive as text).
 */
public final class TableComparison {

    private TableComparison() {
    }

    /** Every difference as "table.column id=...: source ..., target ..."; empty when equal. */
    public static List<String> differences(Engine sourceEngine, String source, Engine targetEngine, String target) {
        List<String> out = new ArrayList<>();
        try (Connection from = open(sourceEngine); Connection to = open(targetEngine)) {
            for (String table : tables(from, source)) {
                Map<String, String[]> fromColumns = columns(from, source, table);
                Map<String, String[]> toColumns = columns(to, target, table);
                if (toColumns.isEmpty()) {
                    out.add(table + ": missing in the target");
                    continue;
                }
                for (var column : fromColumns.entrySet()) {
                    String[] there = toColumns.get(column.getKey());
                    if (there == null) {
                        out.add(table + "." + column.getKey() + ": missing in the target");
                    } else if (column.getValue()[1] != null && !Objects.equals(column.getValue()[1], there[1])) {
                        out.add(table + "." + column.getKey() + ": character set " + column.getValue()[1] + " became " + there[1]);
                    }
                }
                // MariaDB's JSON is a LONGTEXT: compare as JSON when either side says so
                Map<String, String[]> probed = new LinkedHashMap<>();
                fromColumns.forEach((name, type) -> probed.put(name, toColumns.containsKey(name)
                        && "json".equals(toColumns.get(name)[0]) ? new String[] {"json", type[1]} : type));
                Map<String, List<Object>> a = values(from, source, table, probed);
                Map<String, List<Object>> b = values(to, target, table, probed);
                if (!a.keySet().equals(b.keySet())) {
                    out.add(table + ": rows " + a.keySet() + " became " + b.keySet());
                }
                List<String> names = new ArrayList<>(fromColumns.keySet());
                for (var row : a.entrySet()) {
                    List<Object> other = b.get(row.getKey());
                    if (other == null) {
                        continue;
                    }
                    for (int i = 0; i < names.size(); i++) {
                        if (!same(probed.get(names.get(i))[0], row.getValue().get(i), other.get(i))) {
                            out.add(table + "." + names.get(i) + " id=" + row.getKey() + ": source " + shown(row.getValue().get(i))
                                    + ", target " + shown(other.get(i)));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return out;
    }

    /** One column's values by id, probed as {@link #differences} compares them. */
    public static Map<String, Object> column(Engine engine, String database, String table, String column) {
        try (Connection c = open(engine)) {
            Map<String, String[]> columns = columns(c, database, table);
            Map<String, String[]> one = new LinkedHashMap<>();
            one.put(column, columns.get(column));
            Map<String, Object> values = new LinkedHashMap<>();
            values(c, database, table, one).forEach((id, row) -> values.put(id, row.get(0)));
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Each MySQL JSON document of a column by id, as its text and the JSON type of every value in it
     * (the document, then members and elements at any depth): a DATE and the string of its text, or a
     * DECIMAL and the DOUBLE of its text, print alike.
     */
    public static Map<String, String> jsonWithTypes(Engine engine, String database, String table, String column) {
        String c = Sql.name(column);
        String nodes = "JSON_MERGE_PRESERVE(JSON_ARRAY(" + c + "), COALESCE(JSON_EXTRACT(" + c + ", '$**.*'), JSON_ARRAY()),"
                + " COALESCE(JSON_EXTRACT(" + c + ", '$**[*]'), JSON_ARRAY()))";
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, String> row : engine.rows("SELECT id, CONCAT(CAST(" + c + " AS CHAR), ' types ', (SELECT GROUP_CONCAT(JSON_TYPE(n.v)"
                + " ORDER BY n.i) FROM JSON_TABLE(" + nodes + ", '$[*]' COLUMNS (i FOR ORDINALITY, v JSON PATH '$')) n)) AS d FROM "
                + Sql.name(database) + "." + Sql.name(table) + " ORDER BY id")) {
            out.put(row.get("id"), row.get("d"));
        }
        return out;
    }

    /** The binary protocol returns FLOAT and DOUBLE as their IEEE bytes, not as rounded text. */
    private static Connection open(Engine engine) throws SQLException {
        MysqlDataSource ds = engine.server().dataSource(null);
        ds.setUseServerPrepStmts(true);
        Connection c = ds.getConnection();
        Sql.execute(c, "SET SESSION time_zone = '+00:00', SESSION group_concat_max_len = 1048576");
        return c;
    }

    private static List<String> tables(Connection c, String database) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_type NOT IN ('VIEW', 'SEQUENCE') ORDER BY table_name")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** Column name to {data type, character set}. */
    private static Map<String, String[]> columns(Connection c, String database, String table) throws SQLException {
        Map<String, String[]> columns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, character_set_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), new String[] {rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3)});
                }
            }
        }
        return columns;
    }

    /** Rows by id, each the probed values in column order. */
    private static Map<String, List<Object>> values(Connection c, String database, String table, Map<String, String[]> columns)
            throws SQLException {
        List<String> probes = new ArrayList<>();
        columns.forEach((name, type) -> probes.add(probe(Sql.name(name), type[0])));
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(id AS CHAR), " + String.join(", ", probes) + " FROM "
                + Sql.name(database) + "." + Sql.name(table) + " ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    int i = 2;
                    for (String[] type : columns.values()) {
                        row.add(switch (type[0]) {
                            case "float" -> rs.getObject(i) == null ? null : "float bits " + Integer.toHexString(Float.floatToRawIntBits(rs.getFloat(i)));
                            case "double" -> rs.getObject(i) == null ? null : "double bits " + Long.toHexString(Double.doubleToRawLongBits(rs.getDouble(i)));
                            default -> rs.getString(i);
                        });
                        i++;
                    }
                    rows.put(rs.getString(1), row);
                }
            }
        }
        return rows;
    }

    private static String probe(String column, String type) {
        return switch (type) {
            case "float", "double" -> column;
            case "bit" -> "CAST(" + column + " AS UNSIGNED)";
            case "year" -> "CAST(" + column + " + 0 AS CHAR)";
            case "json" -> "CAST(" + column + " AS CHAR)";
            case "longtext", "longblob" -> "CONCAT(LENGTH(" + column + "), ' bytes, sha2 ', SHA2(" + column + ", 256))";
            // an ENUM's error value reads as '' like a member '': its index tells them apart
            case "enum" -> "CONCAT(HEX(" + column + "), ' #', " + column + " + 0)";
            case "char", "varchar", "tinytext", "text", "mediumtext", "set", "binary", "varbinary", "tinyblob", "blob",
                 "mediumblob", "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> "HEX(" + column + ")";
            default -> "CAST(" + column + " AS CHAR)";
        };
    }

    private static boolean same(String type, Object a, Object b) {
        if (Objects.equals(a, b)) {
            return true;
        }
        if ("json".equals(type) && a != null && b != null) {
            // a MariaDB source's JSON is verbatim text; MySQL stores the parsed document
            return Objects.equals(json((String) a), json((String) b));
        }
        return false;
    }

    private static Object json(String text) {
        try {
            return Jsoner.deserialize(text);
        } catch (org.apache.camel.util.json.DeserializationException e) {
            return "not JSON: " + text;
        }
    }

    private static String shown(Object value) {
        String s = String.valueOf(value);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
