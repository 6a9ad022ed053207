package snapmask.mask;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import snapmask.config.YamlNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules file (config/masking.yaml): per table, per column, one rule.
 *
 * <pre>
 * tables:
 *   users:
 *     username: { kind: template, template: "masking_dummy_{id}" }
 *     email:    { kind: email, local: "masking_dummy_email_{id}" }
 * </pre>
 *
 * Parsed node by node (not bound to classes) so every error can name its line.
 */
public final class MaskingRules {

    private final String file;
    private final Map<String, List<MaskRule>> byTable;
    private final Map<String, TableRule> tableRules;

    private MaskingRules(String file, Map<String, List<MaskRule>> byTable, Map<String, TableRule> tableRules) {
        this.file = file;
        this.byTable = byTable;
        this.tableRules = tableRules;
    }

    public static MaskingRules load(Path path) {
        return load(path, null);
    }

    /** {@code hashKey} may be null when no rule needs it. */
    public static MaskingRules load(Path path, HashKey hashKey) {
        String file = path.toString();
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new MaskingRulesException(file + ": cannot read the masking rules (snapmask.masking.rules): " + e.getMessage(), e);
        }
        return parse(file, text, hashKey);
    }

    public static MaskingRules parse(String file, String text) {
        return parse(file, text, null);
    }

    public static MaskingRules parse(String file, String text, HashKey hashKey) {
        Node root = yaml(file).root(text)
                .orElseThrow(() -> new MaskingRulesException(file + ": the rules file is empty; it needs a 'tables:' section"));
        MappingNode top = mapping(file, root, "the top level");
        Map<String, List<MaskRule>> byTable = new LinkedHashMap<>();
        Map<String, TableRule> tableRules = new LinkedHashMap<>();
        for (NodeTuple entry : top.getValue()) {
            String key = scalar(file, entry.getKeyNode(), "a top-level key");
            if (!key.equals("tables")) {
                throw new MaskingRulesException(at(file, entry.getKeyNode()) + ": unknown top-level key '" + key
                        + "'; expected 'tables'");
            }
            for (NodeTuple tableEntry : mapping(file, entry.getValueNode(), "'tables'").getValue()) {
                String table = scalar(file, tableEntry.getKeyNode(), "a table name");
                List<MaskRule> rules = new ArrayList<>();
                RuleSource tableSource = new RuleSource(file, line(tableEntry.getKeyNode()));
                if (tableEntry.getValueNode() instanceof ScalarNode whole) {
                    TableRule.Rows rows = switch (whole.getValue()) {
                        case "skip" -> TableRule.Rows.SKIPPED;
                        case "empty" -> TableRule.Rows.NONE;
                        default -> throw new MaskingRulesException(at(file, whole) + ": table " + table + " is \"" + whole.getValue()
                                + "\"; a table takes \"skip\" (not copied), \"empty\" (structure only) or its column rules");
                    };
                    tableRules.put(table, new TableRule(table, rows, null, tableSource));
                }
                for (NodeTuple columnEntry : tableEntry.getValueNode() instanceof ScalarNode ? List.<NodeTuple>of()
                        : mapping(file, tableEntry.getValueNode(), "table " + table).getValue()) {
                    String column = scalar(file, columnEntry.getKeyNode(), "a column name of " + table);
                    if (column.equals("where") && columnEntry.getValueNode() instanceof ScalarNode condition) {
                        if (condition.getValue().isBlank() || condition.getValue().contains(";")) {
                            throw new MaskingRulesException(at(file, condition) + ": " + table + " where: needs one SQL condition"
                                    + " on the table's columns, e.g. \"created_at >= '2024-01-01'\"");
                        }
                        tableRules.put(table, new TableRule(table, TableRule.Rows.MATCHING, condition.getValue(),
                                new RuleSource(file, line(condition))));
                        continue;
                    }
                    MaskRule rule = rule(file, table, column, columnEntry.getValueNode(), hashKey);
                    if (rules.stream().anyMatch(r -> r.column().equals(column))) {
                        throw new MaskingRulesException(rule.source() + ": " + table + "." + column + " has two rules");
                    }
                    rules.add(rule);
                }
                if (byTable.put(table, rules) != null) {
                    throw new MaskingRulesException(at(file, tableEntry.getKeyNode()) + ": table " + table + " is listed twice");
                }
            }
        }
        return new MaskingRules(file, byTable, tableRules);
    }

    static final String KINDS = "template, email, hash, fake, null, constant, partial, noise, keep, json";

    private static MaskRule rule(String file, String table, String column, Node node, HashKey hashKey) {
        return rule(file, table, column, "", node, hashKey);
    }

    /** {@code path} is empty for a column's rule, the JSON path for a rule inside a json rule's paths. */
    private static MaskRule rule(String file, String table, String column, String path, Node node, HashKey hashKey) {
        String what = table + "." + column + (path.isEmpty() ? "" : " " + path);
        String where = at(file, node) + ": " + what;
        Map<String, String> options = new LinkedHashMap<>();
        Node pathsNode = null;
        for (NodeTuple option : mapping(file, node, what).getValue()) {
            String name = scalar(file, option.getKeyNode(), "an option of " + what);
            if (name.equals("paths") && path.isEmpty()) {
                pathsNode = option.getValueNode();
                continue;
            }
            options.put(name, scalar(file, option.getValueNode(), "the value of an option of " + what));
        }
        String kind = options.remove("kind");
        if (kind == null) {
            throw new MaskingRulesException(where + ": no 'kind' (one of: " + (path.isEmpty() ? KINDS : JsonRule.PATH_KINDS) + ")");
        }
        if (!path.isEmpty() && !List.of(JsonRule.PATH_KINDS.split(", ")).contains(kind)) {
            throw new MaskingRulesException(where + ": kind '" + kind + "' cannot mask a value inside JSON (one of: "
                    + JsonRule.PATH_KINDS + ")");
        }
        if (pathsNode != null && !kind.equals("json")) {
            throw new MaskingRulesException(where + ": 'paths' belongs to kind json only");
        }
        RuleSource source = new RuleSource(file, line(node));
        try {
            MaskRule rule = switch (kind) {
                case "template" -> new TemplateRule(table, column, require(options, "template", where), source);
                case "email" -> new EmailRule(table, column, require(options, "local", where), options.remove("domain"), source);
                case "hash" -> new HashRule(table, column, requireKey(hashKey, where, kind), optional(options, "prefix", ""),
                        number(options, "length", 64, where), source);
                case "fake" -> {
                    requireKey(hashKey, where, kind);
                    yield new FakeRule(table, column, require(options, "type", where), optional(options, "locale", "en"),
                            bool(options, "unique", where), source);
                }
                case "null" -> new NullRule(table, column, source);
                case "constant" -> new ConstantRule(table, column, requirePresent(options, "value", where), source);
                case "partial" -> new PartialRule(table, column, number(options, "keep-first", 0, where),
                        number(options, "keep-last", 0, where), optional(options, "mask-char", "*"), source);
                case "noise" -> new NoiseRule(table, column, number(options, "bound", 0, where), optional(options, "unit", "day"),
                        List.of(optional(options, "key", "id").split("\\s*,\\s*")), source);
                case "keep" -> new KeepRule(table, column, source);
                case "json" -> new JsonRule(table, column, paths(file, table, column, where, pathsNode, hashKey), source);
                default -> throw new MaskingRulesException(where + ": unknown kind '" + kind + "' (one of: " + KINDS + ")");
            };
            if (!options.isEmpty()) {
                throw new MaskingRulesException(where + ": unknown option(s) " + options.keySet() + " for kind " + kind);
            }
            return rule;
        } catch (IllegalArgumentException e) {
            if (e instanceof MaskingRulesException) {
                throw e;
            }
            throw new MaskingRulesException(where + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, MaskRule> paths(String file, String table, String column, String where, Node node, HashKey hashKey) {
        if (node == null) {
            throw new MaskingRulesException(where + ": kind json needs 'paths:', e.g. $.phone: {kind: \"null\"}");
        }
        Map<String, MaskRule> paths = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(file, node, table + "." + column + " paths").getValue()) {
            String path = scalar(file, entry.getKeyNode(), "a JSON path of " + table + "." + column);
            try {
                JsonRule.checkPath(path);
            } catch (IllegalArgumentException e) {
                throw new MaskingRulesException(at(file, entry.getKeyNode()) + ": " + table + "." + column + ": " + e.getMessage(), e);
            }
            if (paths.put(path, rule(file, table, column, path, entry.getValueNode(), hashKey)) != null) {
                throw new MaskingRulesException(at(file, entry.getKeyNode()) + ": " + table + "." + column + " " + path
                        + " has two rules");
            }
        }
        if (paths.isEmpty()) {
            throw new MaskingRulesException(where + ": kind json needs at least one path under 'paths:'");
        }
        return paths;
    }

    private static HashKey requireKey(HashKey key, String where, String kind) {
        if (key == null) {
            throw new MaskingRulesException(where + ": kind " + kind + " needs a secret key: set SNAPMASK_MASKING_HASH_KEY"
                    + " (snapmask.masking.hash-key), at least 16 characters");
        }
        return key;
    }

    private static String optional(Map<String, String> options, String name, String fallback) {
        String value = options.remove(name);
        return value == null ? fallback : value;
    }

    private static String requirePresent(Map<String, String> options, String name, String where) {
        String value = options.remove(name);
        if (value == null) {
            throw new MaskingRulesException(where + ": missing '" + name + "'");
        }
        return value;
    }

    private static boolean bool(Map<String, String> options, String name, String where) {
        String value = options.remove(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new MaskingRulesException(where + ": " + name + " is '" + value + "', must be true or false");
    }

    private static int number(Map<String, String> options, String name, int fallback, String where) {
        String value = options.remove(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MaskingRulesException(where + ": " + name + " is '" + value + "', not a whole number");
        }
    }

    private static String require(Map<String, String> options, String name, String where) {
        String value = options.remove(name);
        if (value == null || value.isEmpty()) {
            throw new MaskingRulesException(where + ": missing '" + name + "'");
        }
        return value;
    }

    private static YamlNodes yaml(String file) {
        return new YamlNodes(file, MaskingRulesException::new);
    }

    private static MappingNode mapping(String file, Node node, String what) {
        return yaml(file).mapping(node, what);
    }

    private static String scalar(String file, Node node, String what) {
        return yaml(file).scalar(node, what);
    }

    private static int line(Node node) {
        return YamlNodes.line(node);
    }

    private static String at(String file, Node node) {
        return yaml(file).at(node);
    }

    public String file() {
        return file;
    }

    public Map<String, List<MaskRule>> byTable() {
        return byTable;
    }

    /** What to copy of {@code table}: all rows unless the file says skip, empty or where. */
    public TableRule tableRule(String table) {
        return tableRules.getOrDefault(table, TableRule.all(table));
    }

    /** The tables the file says something about as a whole. */
    public Map<String, TableRule> tableRules() {
        return tableRules;
    }

    public List<MaskRule> all() {
        return byTable.values().stream().flatMap(List::stream).toList();
    }
}
