package snapmask.mask;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RunNotes;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * After masking, before the load: for every masked column, the number of values that are not in
 * masked form must be 0; then the schema guard looks at every column without a rule. Any failure
 * stops the run before the load. Messages name table, column and count, never a value.
 */
public class LeakCheck {

    private static final Logger LOG = LoggerFactory.getLogger(LeakCheck.class);
    private static final int SAMPLES = 3;

    private final SchemaGuard guard;

    public LeakCheck(SchemaGuard guard) {
        this.guard = guard;
    }

    /** The leak check alone, without the schema guard. */
    public LeakCheck() {
        this(null);
    }

    public SchemaGuard guard() {
        return guard;
    }

    /**
     * The schema guard on {@code tables} alone, before the masking: each table it clears goes to
     * {@code cleared} at once (the load, which starts copying it), the tables it clears by their
     * columns alone first. A finding fails the step once every table was looked at.
     */
    public void guard(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                      @Variable("plan") MaskPlan plan, @Variable("unmaskedTables") List<String> tables,
                      @Variable("load") Consumer<List<String>> cleared) {
        if (tables.isEmpty()) {
            return;
        }
        if (guard == null) {
            cleared.accept(tables);
            return;
        }
        try (Connection c = copy.server().connect(copy.database())) {
            SchemaGuard.Sampled sampled = guard.check(c, copy.database(), plan.rules(), tables::contains, cleared);
            run.note(sampled + ", before the masking");
            LOG.info("run {}: schema guard passed for the {} table(s) no rule changes; {}", run.id(), tables.size(), sampled);
        } catch (SQLException e) {
            throw new LeakCheckException("the schema guard could not run on " + copy + ": " + e.getMessage(), e);
        }
    }

    /**
     * After the masking: every masked column in masked form, then the schema guard on the tables
     * it has not cleared before ({@code guardedAlready}).
     */
    public void verify(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                       @Variable("plan") MaskPlan plan, @Variable("unmaskedTables") List<String> guardedAlready) {
        List<String> guarded = guardedAlready == null ? List.of() : guardedAlready;
        Map<String, Long> leaks = new LinkedHashMap<>();
        int masked = 0;
        try (Connection c = copy.server().connect(copy.database())) {
            for (MaskPlan.TablePlan table : plan.tables()) {
                Map<String, String> checks = table.leakChecks();
                for (MaskRule rule : table.masking()) {
                    String check = checks.get(rule.describe());
                    long unmasked = check == null ? 0 : Sql.count(c, check);
                    if (unmasked > 0) {
                        leaks.put(rule.describe(), unmasked);
                    } else {
                        masked++;
                        if (rule instanceof JsonRule json) {
                            // a document's other members are the guard's to judge: no samples of it in the report
                            run.masked(rule.describe() + " (json: " + json.paths().values().stream().filter(MaskRule::masks).count()
                                    + " path(s) masked inside)", List.of());
                        } else {
                            run.masked(rule.describe() + (check == null ? " (" + rule.kind() + ", not checkable)" : ""),
                                    check == null ? List.of() : samples(c, table, rule));
                        }
                    }
                }
            }
            if (!leaks.isEmpty()) {
                StringBuilder message = new StringBuilder("personal data left unmasked, nothing was loaded:");
                leaks.forEach((column, count) -> message.append(' ').append(column).append(": ").append(count)
                        .append(" value(s) not in masked form;"));
                throw new LeakCheckException(message.toString(), null);
            }
            LOG.info("run {}: leak check passed for {} masked column(s)", run.id(), masked);
            if (guard != null) {
                SchemaGuard.Sampled sampled = guard.check(c, copy.database(), plan.rules(), t -> !guarded.contains(t), t -> { });
                run.note(sampled + ", after the masking (the tables the rules change)");
                LOG.info("run {}: schema guard passed; {}", run.id(), sampled);
            }
        } catch (SQLException e) {
            throw new LeakCheckException("the leak check could not run on " + copy + ": " + e.getMessage(), e);
        }
    }

    /**
     * Step {@code analytics-sql}, after the scripts: what they made in staging (summary tables,
     * views) is judged by the schema guard as any table of production is, since a summary can carry
     * personal data past the masking as easily as a table (a view that reads a column the rules
     * left alone, say).
     */
    public void made(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("made") MadeRelations made,
                     @Variable("plan") MaskPlan plan) {
        List<String> relations = new ArrayList<>(made.tables());
        relations.addAll(made.views());
        if (relations.isEmpty() || guard == null) {
            return;
        }
        try (Connection c = made.server().connect(made.database())) {
            SchemaGuard.Sampled sampled = guard.check(c, made.database(), plan.rules(), relations);
            LOG.info("run {}: schema guard passed for what the analytics scripts made ({}); {}", run.id(), String.join(", ", relations),
                    sampled);
        } catch (SQLException e) {
            throw new LeakCheckException("the schema guard could not look at what the analytics scripts made in " + made.database()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A few masked values for the report; only called once the column passed the check. */
    private static List<String> samples(Connection c, MaskPlan.TablePlan table, MaskRule rule) throws SQLException {
        String order = table.primaryKey().isEmpty() ? "" : " ORDER BY " + Sql.names(table.primaryKey());
        List<String> samples = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + Sql.name(rule.column())
                + " FROM " + Sql.name(table.table()) + " WHERE " + Sql.name(rule.column()) + " IS NOT NULL" + order
                + " LIMIT " + SAMPLES)) {
            while (rs.next()) {
                samples.add(rs.getString(1));
            }
        }
        return samples;
    }
}
