package snapmask.mask;

/**
 * What the rules say about a table as a whole. Most tables are copied whole; sessions, password
 * resets and job queues are better not copied at all ({@code skip}), some are wanted as structure
 * only ({@code empty}), and some only in part ({@code where}: a condition on the table's own
 * columns, run on the temporary copy).
 *
 * <pre>
 * tables:
 *   sessions: skip
 *   failed_jobs: empty
 *   events:
 *     where: "created_at >= '2024-01-01'"
 *     ip: { kind: "null" }
 * </pre>
 */
public record TableRule(String table, Rows rows, String where, RuleSource source) {

    /** Which rows of the table analytics gets. */
    public enum Rows { ALL, NONE, MATCHING, SKIPPED }

    public static TableRule all(String table) {
        return new TableRule(table, Rows.ALL, null, null);
    }

    /** The rows' condition for a SELECT on the copy, or null when every row goes. */
    public String condition() {
        return switch (rows) {
            case ALL -> null;
            case MATCHING -> "(" + where + ")";
            case NONE, SKIPPED -> "FALSE";
        };
    }

    public boolean copied() {
        return rows != Rows.SKIPPED;
    }

    /** For the run report and the plan. */
    public String describe() {
        return switch (rows) {
            case ALL -> table;
            case MATCHING -> table + " (only rows where " + where + ")";
            case NONE -> table + " (structure only, no rows)";
            case SKIPPED -> table + " (not copied)";
        };
    }
}
