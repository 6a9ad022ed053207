package snapmask.mask;

import snapmask.schema.Shortlist;
import snapmask.schema.SchemaReader;
import snapmask.schema.SchemaReader.Column;
import snapmask.schema.Sql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules checked against a real schema and compiled to SQL: one UPDATE per table and the
 * leak check queries. Built before anything runs;
 * every problem is reported with file, line, table and column. The plan command prints it.
 */
public final class MaskPlan {

    private final MaskingRules rules;
    private final List<String> allTables;
    private final List<TablePlan> tables;

    private MaskPlan(MaskingRules rules, List<String> allTables, List<TablePlan> tables) {
        this.rules = rules;
        this.allTables = allTables;
        this.tables = tables;
    }

    /** The rules file the plan was made from. */
    public MaskingRules rules() {
        return rules;
    }

    /** Which rows of {@code table} analytics gets (all of them, unless a table rule says otherwise). */
    public TableRule tableRule(String table) {
        return rules.tableRule(table);
    }

    /** The tables with rules, compiled. */
    public List<TablePlan> tables() {
        return tables;
    }

    /** The schema's tables whose rows no masking UPDATE changes. */
    public List<String> untouchedTables() {
        Set<String> changed = tables.stream().filter(t -> t.update() != null).map(TablePlan::table).collect(Collectors.toSet());
        return allTables.stream().filter(t -> !changed.contains(t)).toList();
    }

    /** The fake lists the masking UPDATEs read ({@link FakeValues}). */
    public Set<String> fakeLists() {
        return tables.stream().flatMap(t -> t.masking().stream()).flatMap(r -> r.fakeLists().stream())
                .collect(Collectors.toSet());
    }

    /** Whether any masking UPDATE reads the hash key's pads from the session ({@link SessionSecret}). */
    public boolean needsSecret() {
        return tables.stream().flatMap(t -> t.masking().stream()).anyMatch(MaskRule::needsSecret);
    }

    /** How many of the copy's tables a "does not exist" names. */
    private static final int NAMED = 20;

    public static MaskPlan of(MaskingRules rules, SchemaReader schema, String database) throws SQLException {
        List<String> existing = schema.tables(database);
        List<String> problems = new ArrayList<>();
        List<TablePlan> plans = new ArrayList<>();
        Map<String, Map<String, String>> foreignKeysByTable = rules.byTable().isEmpty() ? Map.of() : schema.foreignKeyColumns(database);
        for (Map.Entry<String, List<MaskRule>> entry : rules.byTable().entrySet()) {
            String table = entry.getKey();
            if (!existing.contains(table)) {
                RuleSource at = entry.getValue().isEmpty() ? rules.tableRule(table).source() : entry.getValue().get(0).source();
                problems.add(at + ": table '" + table + "' does not exist in " + database
                        + " (tables: " + Shortlist.of(existing, NAMED, ", ") + ")");
                continue;
            }
            TableRule tableRule = rules.tableRule(table);
            if (tableRule.rows() == TableRule.Rows.MATCHING) {
                String refused = schema.refusedCondition(database, table, tableRule.where());
                if (refused != null) {
                    problems.add(tableRule.source() + ": " + table + " where: the copy refuses the condition (" + refused + ")");
                }
            }
            Map<String, Column> columns = schema.columns(database, table);
            List<String> primaryKey = schema.primaryKey(database, table);
            Map<String, String> foreignKeys = foreignKeysByTable.getOrDefault(table, Map.of());
            Map<String, List<String>> uniqueIndexes = schema.uniqueIndexes(database, table);
            Set<String> uniqueAlone = new HashSet<>();
            if (primaryKey.size() == 1) {
                uniqueAlone.add(primaryKey.get(0));
            }
            uniqueIndexes.values().stream().filter(cols -> cols.size() == 1 && columns.containsKey(cols.get(0))
                    && !columns.get(cols.get(0)).nullable()).forEach(cols -> uniqueAlone.add(cols.get(0)));
            Set<String> masked = entry.getValue().stream().filter(MaskRule::masks).map(MaskRule::column).collect(Collectors.toSet());
            List<MaskRule> valid = new ArrayList<>();
            for (MaskRule declared : entry.getValue()) {
                String at = declared.source() + ": " + declared.describe() + " (" + declared.kind() + ")";
                Column column = columns.get(declared.column());
                MaskRule rule = declared instanceof JsonRule json && column != null
                        && ColumnKind.of(column) == ColumnKind.TEXT ? json.expand(schema, database) : declared;
                if (column == null) {
                    problems.add(rule.source() + ": table '" + table + "' has no column '" + rule.column() + "' (columns: "
                            + String.join(", ", columns.keySet()) + ")");
                    continue;
                }
                int before = problems.size();
                if (rule.masks()) {
                    check(problems, !primaryKey.contains(rule.column()), at + ": is part of the primary key; masking it would"
                            + " break every reference to the row");
                    check(problems, !foreignKeys.containsKey(rule.column()), at + ": is in the foreign key "
                            + foreignKeys.get(rule.column()) + "; masking it would break joins");
                    ColumnKind kind = ColumnKind.of(column);
                    check(problems, rule.accepts().contains(kind), at + ": does not fit a " + column.type() + " column (it takes "
                            + rule.accepts() + ")");
                    check(problems, !(rule instanceof NullRule) || column.nullable(), at + ": the column is NOT NULL;"
                            + " use constant instead");
                    if (rule instanceof HashRule hash && column.maxLength() != null) {
                        check(problems, hash.maskedLength() <= column.maxLength(), at + ": the hash is " + hash.maskedLength()
                                + " characters but the column is " + column.type() + "; set a shorter length");
                    }
                    List<String> uniqueIn = uniqueIndexes.entrySet().stream().filter(i -> i.getValue().contains(rule.column()))
                            .map(Map.Entry::getKey).toList();
                    check(problems, uniqueIn.isEmpty() || rule.keepsUnique(uniqueAlone), at + ": the column is UNIQUE (index "
                            + String.join(", ", uniqueIn) + ") and this rule would give rows the same value; use a template"
                            + " with a unique column such as {" + (primaryKey.isEmpty() ? "id" : primaryKey.get(0))
                            + "}, or hash with length 32 or more");
                }
                for (String referenced : rule.referencedColumns()) {
                    check(problems, columns.containsKey(referenced), at + ": uses {" + referenced + "}, but table '" + table
                            + "' has no column '" + referenced + "'");
                    check(problems, !masked.contains(referenced), at + ": uses {" + referenced + "}, which is masked itself;"
                            + " build masked values from unmasked columns such as the id");
                }
                if (problems.size() == before) {
                    valid.add(rule);
                }
            }
            plans.add(new TablePlan(table, valid, columns, primaryKey, uniqueIndexes, schema.secondaryIndexes(database, table)));
        }
        if (!problems.isEmpty()) {
            throw new MaskingRulesException(String.join("\n", problems));
        }
        return new MaskPlan(rules, List.copyOf(existing), plans);
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /** One table's compiled rules. */
    public record TablePlan(String table, List<MaskRule> rules, Map<String, Column> columns, List<String> primaryKey,
                            Map<String, List<String>> uniqueIndexes, List<SchemaReader.Index> secondaryIndexes) {

        /** Rules that change the column (not keep). */
        public List<MaskRule> masking() {
            return rules.stream().filter(MaskRule::masks).toList();
        }

        /** The one UPDATE that masks the table, or null when the table has only keep rules. */
        public String update() {
            List<MaskRule> masking = masking();
            if (masking.isEmpty()) {
                return null;
            }
            // a column set to itself keeps its value: ON UPDATE CURRENT_TIMESTAMP would stamp every masked row
            List<String> kept = columns.values().stream().filter(Column::autoUpdated)
                    .filter(c -> masking.stream().noneMatch(r -> r.column().equals(c.name())))
                    .map(c -> Sql.name(c.name()) + " = " + Sql.name(c.name())).toList();
            // the hash key's pads come from the session's secret table, joined (one row) when a rule needs them
            boolean secret = masking.stream().anyMatch(MaskRule::needsSecret);
            return "UPDATE " + Sql.name(table) + (secret ? ", " + SessionSecret.TABLE : "") + " SET " + Stream.concat(masking.stream()
                    .map(r -> Sql.name(r.column()) + " = " + r.expression("", columns.get(r.column()))), kept.stream())
                    .collect(Collectors.joining(", "));
        }

        /** Secondary indexes that hold a masked column: dropped for the UPDATE, built again after it. */
        public List<SchemaReader.Index> indexesOnMaskedColumns() {
            List<String> masked = masking().stream().map(MaskRule::column).toList();
            return secondaryIndexes.stream().filter(i -> i.columns().stream().anyMatch(masked::contains)).toList();
        }

        /** Per verifiable masked column: a query counting values not in masked form. */
        public Map<String, String> leakChecks() {
            Map<String, String> checks = new LinkedHashMap<>();
            for (MaskRule rule : masking()) {
                String condition = rule.unmaskedCondition(columns.get(rule.column()));
                if (condition != null) {
                    checks.put(rule.describe(), "SELECT COUNT(*) FROM " + Sql.name(table) + " WHERE " + condition);
                }
            }
            return checks;
        }
    }
}
