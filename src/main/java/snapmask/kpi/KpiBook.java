package snapmask.kpi;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import snapmask.config.YamlNodes;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The KPI file (config/kpis.yaml): the KPIs whose values are kept night after night, and the
 * checks made before the swap on KPIs and on tables' rows.
 *
 * <pre>
 * kpis:
 *   active_subscriptions:
 *     description: subscriptions paid for at the snapshot, per plan
 *     unit: subscriptions
 *     sql: SELECT name, COUNT(*) FROM subscriptions WHERE stripe_status = 'active' GROUP BY name
 *     checks:
 *       - { change-percent: 30, action: warn }
 * tables:
 *   learning_histories:
 *     - { change-percent: 20, action: stop }
 * </pre>
 */
public final class KpiBook {

    private static final Set<String> KPI_KEYS = Set.of("description", "unit", "sql", "checks");
    private static final Set<String> CHECK_KEYS = Set.of("min", "max", "change-percent", "shrink-percent", "action");

    /** One KPI: its SQL answers one value, or one row per dimension value (the dimension, then the value). */
    public record Kpi(String name, String description, String unit, String sql, List<Limit> checks, String source) {
    }

    private final String file;
    private final List<Kpi> kpis;
    private final Map<String, List<Limit>> tableChecks;

    private KpiBook(String file, List<Kpi> kpis, Map<String, List<Limit>> tableChecks) {
        this.file = file;
        this.kpis = kpis;
        this.tableChecks = tableChecks;
    }

    public static KpiBook empty() {
        return new KpiBook("", List.of(), Map.of());
    }

    /** The file at {@code path}; a path that is not there is an error, as a KPI file named is a KPI file meant. */
    public static KpiBook load(Path path) {
        try {
            return parse(path.toString(), Files.readString(path));
        } catch (IOException e) {
            throw new KpiBookException(path + ": cannot read the KPI file (snapmask.kpi.file): " + e.getMessage());
        }
    }

    public static KpiBook parse(String file, String text) {
        YamlNodes yaml = new YamlNodes(file, KpiBookException::new);
        Node root = yaml.root(text).orElse(null);
        if (root == null) {
            return new KpiBook(file, List.of(), Map.of());
        }
        List<Kpi> kpis = new ArrayList<>();
        Map<String, List<Limit>> tables = new LinkedHashMap<>();
        for (NodeTuple top : yaml.mapping(root, "the top level").getValue()) {
            String key = yaml.scalar(top.getKeyNode(), "a top-level key");
            switch (key) {
                case "kpis" -> {
                    for (NodeTuple entry : yaml.mapping(top.getValueNode(), "'kpis'").getValue()) {
                        Kpi kpi = kpi(yaml, entry);
                        if (kpis.stream().anyMatch(k -> k.name().equals(kpi.name()))) {
                            throw yaml.error(entry.getKeyNode(), "KPI " + kpi.name() + " is listed twice");
                        }
                        kpis.add(kpi);
                    }
                }
                case "tables" -> {
                    for (NodeTuple entry : yaml.mapping(top.getValueNode(), "'tables'").getValue()) {
                        String table = yaml.scalar(entry.getKeyNode(), "a table name");
                        if (tables.put(table, checks(yaml, entry.getValueNode(), "table " + table)) != null) {
                            throw yaml.error(entry.getKeyNode(), "table " + table + " is listed twice");
                        }
                    }
                }
                default -> throw yaml.error(top.getKeyNode(), "unknown top-level key '" + key + "'; expected 'kpis' or 'tables'");
            }
        }
        return new KpiBook(file, List.copyOf(kpis), tables);
    }

    private static Kpi kpi(YamlNodes yaml, NodeTuple entry) {
        String name = yaml.scalar(entry.getKeyNode(), "a KPI name");
        if (!name.matches("[a-z0-9_]{1,64}")) {
            throw yaml.error(entry.getKeyNode(), "KPI name '" + name + "' must be 1-64 lower-case letters, digits or _");
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Limit> checks = List.of();
        MappingNode spec = yaml.mapping(entry.getValueNode(), "KPI " + name);
        for (NodeTuple option : spec.getValue()) {
            String key = yaml.scalar(option.getKeyNode(), "an option of KPI " + name);
            if (!KPI_KEYS.contains(key)) {
                throw yaml.error(option.getKeyNode(), "KPI " + name + " has unknown key '" + key + "'; a KPI takes " + String.join(", ",
                        List.of("description", "unit", "sql", "checks")));
            }
            if (key.equals("checks")) {
                checks = checks(yaml, option.getValueNode(), "KPI " + name);
            } else {
                values.put(key, yaml.scalar(option.getValueNode(), "KPI " + name + " " + key).strip());
            }
        }
        String sql = values.getOrDefault("sql", "");
        if (sql.isEmpty()) {
            throw yaml.error(entry.getKeyNode(), "KPI " + name + " needs 'sql': a SELECT answering one value, or one row per"
                    + " dimension value (the dimension, then the value)");
        }
        if (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.contains(";")) {
            throw yaml.error(entry.getKeyNode(), "KPI " + name + " sql holds more than one statement; a KPI is one SELECT");
        }
        String unit = values.getOrDefault("unit", "");
        if (unit.length() > 32) {
            throw yaml.error(entry.getKeyNode(), "KPI " + name + " unit is longer than 32 characters");
        }
        return new Kpi(name, values.getOrDefault("description", ""), unit, sql, checks, yaml.at(entry.getKeyNode()));
    }

    /** One check (a mapping) or a list of them. */
    private static List<Limit> checks(YamlNodes yaml, Node node, String what) {
        List<Node> items = node instanceof SequenceNode list ? list.getValue() : List.of(node);
        List<Limit> checks = new ArrayList<>();
        for (Node item : items) {
            Map<String, BigDecimal> numbers = new LinkedHashMap<>();
            Limit.Action action = Limit.Action.STOP;
            for (NodeTuple option : yaml.mapping(item, "a check of " + what).getValue()) {
                String key = yaml.scalar(option.getKeyNode(), "an option of a check of " + what);
                String value = yaml.scalar(option.getValueNode(), what + " " + key);
                if (!CHECK_KEYS.contains(key)) {
                    throw yaml.error(option.getKeyNode(), "a check of " + what + " has unknown key '" + key
                            + "'; a check takes min, max, change-percent, shrink-percent and action");
                }
                if (key.equals("action")) {
                    action = switch (value.toLowerCase(Locale.ROOT)) {
                        case "warn" -> Limit.Action.WARN;
                        case "stop" -> Limit.Action.STOP;
                        default -> throw yaml.error(option.getValueNode(), "a check of " + what + " has action '" + value
                                + "'; it is warn (mail, the run still swaps) or stop (no swap)");
                    };
                    continue;
                }
                try {
                    BigDecimal number = new BigDecimal(value);
                    if (key.endsWith("percent") && number.signum() < 0) {
                        throw new NumberFormatException();
                    }
                    numbers.put(key, number);
                } catch (NumberFormatException e) {
                    throw yaml.error(option.getValueNode(), what + " " + key + " is '" + value + "', not a"
                            + (key.endsWith("percent") ? " percentage (0 or more)" : " number"));
                }
            }
            if (numbers.isEmpty()) {
                throw yaml.error(item, "a check of " + what + " needs min, max, change-percent or shrink-percent");
            }
            checks.add(new Limit(numbers.get("min"), numbers.get("max"), numbers.get("change-percent"), numbers.get("shrink-percent"),
                    action, yaml.at(item)));
        }
        return List.copyOf(checks);
    }

    public String file() {
        return file;
    }

    public List<Kpi> kpis() {
        return kpis;
    }

    /** The checks kpis.yaml writes for {@code table}; empty when it names none (the default shrink check applies). */
    public List<Limit> tableChecks(String table) {
        return tableChecks.getOrDefault(table, List.of());
    }

    public Set<String> checkedTables() {
        return tableChecks.keySet();
    }
}
