package snapmask.mask;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.run.RunContext;
import snapmask.schema.SchemaReader;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the masking rules as SQL on the restored copy: the whole plan is validated against the
 * copy's schema first, then one UPDATE and one transaction per table, then the SQL hook files.
 *
 * <p>MariaDB and MySQL check UNIQUE row by row during an UPDATE, so one existing value that equals
 * another row's masked value (a user really called {@code masking_dummy_7}) would abort the whole
 * statement. Such values are rare, so the masker tries the plain UPDATE first; only when it fails
 * on a duplicate key does it drop those unique indexes for the UPDATE and build them again after.
 */
public class Masker {

    private static final Logger LOG = LoggerFactory.getLogger(Masker.class);
    private static final int ER_DUP_ENTRY = 1062;

    private final Path rulesFile;
    private final HashKey hashKey;
    private final MaskingHooks hooks;
    private volatile MaskingRules rules;

    /** Reads the rules now, so a broken file stops the start; each run reads them again, so edits apply next run. */
    public Masker(Path rulesFile, HashKey hashKey, MaskingHooks hooks) {
        this.rulesFile = rulesFile;
        this.hashKey = hashKey;
        this.hooks = hooks;
        this.rules = MaskingRules.load(rulesFile, hashKey);
    }

    public Masker(Path rulesFile) {
        this(rulesFile, null, MaskingHooks.none());
    }

    /** The rules of the current (or last) run. */
    public MaskingRules rules() {
        return rules;
    }

    public MaskingHooks hooks() {
        return hooks;
    }

    /** Reads the rules file again and checks it against a schema; changes nothing. */
    public MaskPlan plan(SchemaReader schema, String database) throws SQLException {
        rules = MaskingRules.load(rulesFile, hashKey);
        return MaskPlan.of(rules, schema, database);
    }

    public void mask(@ExchangeProperty(RunContext.PROPERTY) RunContext run) {
        RestoredCopy copy = run.requireCopy();
        try (Connection c = copy.server().connect(copy.database())) {
            MaskPlan plan = plan(new SchemaReader(c), copy.database());
            for (MaskPlan.TablePlan table : plan.tables()) {
                if (table.update() != null) {
                    maskTable(c, table, run);
                }
            }
            hooks.run(c, run);
        } catch (SQLException e) {
            throw new MaskingException("masking failed on " + copy + ": " + e.getMessage(), e);
        }
    }

    private void maskTable(Connection c, MaskPlan.TablePlan plan, RunContext run) throws SQLException {
        long started = System.nanoTime();
        long rows;
        try {
            rows = update(c, plan);
        } catch (SQLException e) {
            List<String> unique = plan.uniqueIndexesOnMaskedColumns();
            if (e.getErrorCode() != ER_DUP_ENTRY || unique.isEmpty()) {
                throw new MaskingException("masking table " + plan.table() + " (" + describe(plan) + ") failed: " + e.getMessage(), e);
            }
            rows = updateWithoutUniqueIndexes(c, plan, unique, run);
        }
        LOG.info("run {}: masked {} ({} rows) in {} ms", run.id(), describe(plan), rows, (System.nanoTime() - started) / 1_000_000);
    }

    /** One transaction; rolled back whole on any error. */
    private static long update(Connection c, MaskPlan.TablePlan plan) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(plan.update())) {
            long rows = ps.executeUpdate();
            c.commit();
            return rows;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * The rare case: an existing value equals another row's masked value, and the row-by-row unique
     * check refused the UPDATE half-way. The indexes are dropped for the update and rebuilt after
     * it; rebuilding them proves the masked column is unique. DDL commits implicitly, which is fine
     * on the throwaway copy: a failure fails the run before any load.
     */
    private long updateWithoutUniqueIndexes(Connection c, MaskPlan.TablePlan plan, List<String> unique, RunContext run)
            throws SQLException {
        String table = Sql.name(plan.table());
        LOG.info("run {}: {} holds values equal to other rows' masked values; rebuilding unique index(es) {} around the update",
                run.id(), plan.table(), unique);
        Sql.execute(c, "ALTER TABLE " + table + " " + unique.stream().map(i -> "DROP INDEX " + Sql.name(i))
                .collect(Collectors.joining(", ")));
        long rows;
        try {
            rows = update(c, plan);
        } catch (SQLException e) {
            throw new MaskingException("masking table " + plan.table() + " (" + describe(plan) + ") failed: " + e.getMessage(), e);
        }
        try {
            Sql.execute(c, "ALTER TABLE " + table + " " + unique.stream()
                    .map(i -> "ADD UNIQUE INDEX " + Sql.name(i) + " (" + Sql.names(plan.uniqueIndexes().get(i)) + ")")
                    .collect(Collectors.joining(", ")));
        } catch (SQLException e) {
            throw new MaskingException("the masking rules for " + describe(plan) + " do not keep the unique index(es) "
                    + unique + " unique: " + e.getMessage(), e);
        }
        return rows;
    }

    private static String describe(MaskPlan.TablePlan plan) {
        return plan.masking().stream().map(MaskRule::describe).collect(Collectors.joining(", "));
    }
}
