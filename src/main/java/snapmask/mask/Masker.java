package snapmask.mask;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.camel.ExchangeProperty;
import snapmask.run.RunContext;
import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the masking rules as SQL on the restored copy, one UPDATE and one transaction per table.
 *
 * <p>MariaDB and MySQL check UNIQUE row by row during an UPDATE, so one existing value that equals
 * another row's masked value (a user really called {@code masking_dummy_7}) would abort the whole
 * statement. The masker looks for such collisions first; only when there are some does it drop the
 * unique indexes on the masked columns for the UPDATE and build them again afterwards, which also
 * proves that the masked column is still unique.
 */
public class Masker {

    private static final Logger LOG = LoggerFactory.getLogger(Masker.class);

    private final Path rulesFile;
    private volatile MaskingRules rules;

    /** Reads the rules now, so a broken file stops the start; each run reads them again, so edits apply next run. */
    public Masker(Path rulesFile) {
        this.rulesFile = rulesFile;
        this.rules = MaskingRules.load(rulesFile);
    }

    /** The rules of the current (or last) run. */
    public MaskingRules rules() {
        return rules;
    }

    public void mask(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        RestoredCopy copy = run.requireCopy();
        MaskingRules rules = MaskingRules.load(rulesFile);
        this.rules = rules;
        try (Connection c = copy.server().connect(copy.database())) {
            SchemaReader schema = new SchemaReader(c);
            validate(rules, schema, copy.database());
            for (Map.Entry<String, List<MaskRule>> table : rules.byTable().entrySet()) {
                maskTable(c, schema, copy.database(), table.getKey(), table.getValue(), run);
            }
        } catch (SQLException e) {
            throw new MaskingException("masking failed on " + copy + ": " + e.getMessage(), e);
        }
    }

    /** Every table and column the rules name exists in the copy, and no rule builds on a masked or key column. */
    static void validate(MaskingRules rules, SchemaReader schema, String database) throws SQLException {
        List<String> tables = schema.tables(database);
        for (Map.Entry<String, List<MaskRule>> entry : rules.byTable().entrySet()) {
            String table = entry.getKey();
            if (!tables.contains(table)) {
                throw new MaskingRulesException(entry.getValue().get(0).source() + ": table '" + table
                        + "' does not exist in the restored copy (tables: " + String.join(", ", tables) + ")");
            }
            Map<String, Column> columns = schema.columns(database, table);
            List<String> primaryKey = schema.primaryKey(database, table);
            Set<String> masked = entry.getValue().stream().map(MaskRule::column).collect(Collectors.toSet());
            for (MaskRule rule : entry.getValue()) {
                if (!columns.containsKey(rule.column())) {
                    throw new MaskingRulesException(rule.source() + ": table '" + table + "' has no column '" + rule.column()
                            + "' (columns: " + String.join(", ", columns.keySet()) + ")");
                }
                if (primaryKey.contains(rule.column())) {
                    throw new MaskingRulesException(rule.source() + ": " + rule.describe()
                            + " is part of the primary key; masking it would break every reference to the row");
                }
                for (String referenced : rule.referencedColumns()) {
                    if (!columns.containsKey(referenced)) {
                        throw new MaskingRulesException(rule.source() + ": " + rule.describe() + " uses {" + referenced
                                + "}, but table '" + table + "' has no column '" + referenced + "'");
                    }
                    if (masked.contains(referenced)) {
                        throw new MaskingRulesException(rule.source() + ": " + rule.describe() + " uses {" + referenced
                                + "}, which is masked itself; build masked values from unmasked columns such as the id");
                    }
                }
            }
        }
    }

    private void maskTable(Connection c, SchemaReader schema, String database, String table, List<MaskRule> tableRules,
                           RunContext run) throws SQLException {
        long started = System.nanoTime();
        List<UniqueIndex> collidingIndexes = collidingUniqueIndexes(c, database, table, tableRules);
        String update = "UPDATE " + Sql.name(table) + " SET " + tableRules.stream()
                .map(r -> Sql.name(r.column()) + " = " + r.expression(""))
                .collect(Collectors.joining(", "));
        if (!collidingIndexes.isEmpty()) {
            // DDL commits implicitly; this is the throwaway copy, and a failure fails the run before any load
            LOG.info("run {}: {} has existing values that equal masked values; rebuilding unique index(es) {} around the update",
                    run.id(), table, collidingIndexes.stream().map(UniqueIndex::name).toList());
            Sql.execute(c, "ALTER TABLE " + Sql.name(table) + " " + collidingIndexes.stream()
                    .map(i -> "DROP INDEX " + Sql.name(i.name())).collect(Collectors.joining(", ")));
        }
        c.setAutoCommit(false);
        long rows;
        try (PreparedStatement ps = c.prepareStatement(update)) {
            rows = ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new MaskingException("masking table " + table + " (" + describe(tableRules) + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
        if (!collidingIndexes.isEmpty()) {
            try {
                Sql.execute(c, "ALTER TABLE " + Sql.name(table) + " " + collidingIndexes.stream()
                        .map(UniqueIndex::addClause).collect(Collectors.joining(", ")));
            } catch (SQLException e) {
                throw new MaskingException("the masking rules for " + describe(tableRules) + " do not keep the unique index(es) "
                        + collidingIndexes.stream().map(UniqueIndex::name).toList() + " unique: " + e.getMessage(), e);
            }
        }
        LOG.info("run {}: masked {} ({} rows) in {} ms", run.id(), describe(tableRules), rows,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Unique indexes on masked columns where some row already holds another row's masked value. */
    private List<UniqueIndex> collidingUniqueIndexes(Connection c, String database, String table, List<MaskRule> tableRules)
            throws SQLException {
        Map<String, UniqueIndex> indexes = uniqueIndexes(c, database, table);
        SchemaReader schema = new SchemaReader(c);
        List<String> primaryKey = schema.primaryKey(database, table);
        Map<String, Column> columns = schema.columns(database, table);
        List<UniqueIndex> colliding = new ArrayList<>();
        for (UniqueIndex index : indexes.values()) {
            for (MaskRule rule : tableRules) {
                if (!index.columns().contains(rule.column())) {
                    continue;
                }
                String sameRow = primaryKey.isEmpty() ? "FALSE" : primaryKey.stream()
                        .map(k -> "a." + Sql.name(k) + " <=> b." + Sql.name(k)).collect(Collectors.joining(" AND "));
                Column column = columns.get(rule.column());
                // compare as the unique index does: in the column's own collation
                String masked = column.collation() == null ? rule.expression("b.")
                        : "CONVERT(" + rule.expression("b.") + " USING " + column.charset() + ") COLLATE " + column.collation();
                long collisions = Sql.count(c, "SELECT COUNT(*) FROM " + Sql.name(table) + " a JOIN " + Sql.name(table)
                        + " b ON a." + Sql.name(rule.column()) + " = " + masked + " WHERE NOT (" + sameRow + ")");
                if (collisions > 0) {
                    colliding.add(index);
                    break;
                }
            }
        }
        return colliding;
    }

    private static Map<String, UniqueIndex> uniqueIndexes(Connection c, String database, String table) throws SQLException {
        Map<String, UniqueIndex> indexes = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT index_name, column_name, sub_part FROM information_schema.statistics"
                + " WHERE table_schema = ? AND table_name = ? AND non_unique = 0 AND index_name <> 'PRIMARY'"
                + " ORDER BY index_name, seq_in_index")) {
            ps.setString(1, database);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String part = rs.getString(3);
                    indexes.computeIfAbsent(rs.getString(1), n -> new UniqueIndex(n, new ArrayList<>(), new ArrayList<>()));
                    indexes.get(rs.getString(1)).columns().add(rs.getString(2));
                    indexes.get(rs.getString(1)).parts().add(Sql.name(rs.getString(2)) + (part == null ? "" : "(" + part + ")"));
                }
            }
        }
        return indexes;
    }

    private static String describe(List<MaskRule> tableRules) {
        return tableRules.stream().map(MaskRule::describe).collect(Collectors.joining(", "));
    }

    private record UniqueIndex(String name, List<String> columns, List<String> parts) {
        String addClause() {
            return "ADD UNIQUE INDEX " + Sql.name(name) + " (" + String.join(", ", parts) + ")";
        }
    }
}
