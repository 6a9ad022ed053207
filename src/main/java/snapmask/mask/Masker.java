package snapmask.mask;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.step.RunNotes;
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
 * statement; the masker drops the indexes on masked columns for the UPDATE and builds them again
 * after it, which is also faster.
 */
public class Masker {

    private static final Logger LOG = LoggerFactory.getLogger(Masker.class);

    private final Path rulesFile;
    private final HashKey hashKey;
    private final MaskingHooks hooks;

    /** Reads the rules now, so a broken file stops the start; each run reads them again (step plan), so edits apply next run. */
    public Masker(Path rulesFile, HashKey hashKey, MaskingHooks hooks) {
        this.rulesFile = rulesFile;
        this.hashKey = hashKey;
        this.hooks = hooks;
        MaskingRules.load(rulesFile, hashKey);
    }

    public Masker(Path rulesFile) {
        this(rulesFile, null, MaskingHooks.none());
    }

    public MaskingHooks hooks() {
        return hooks;
    }

    /** Reads the rules file again and checks it against a schema; changes nothing. */
    public MaskPlan plan(SchemaReader schema, String database) throws SQLException {
        return MaskPlan.of(MaskingRules.load(rulesFile, hashKey), schema, database);
    }

    /**
     * Step {@code plan}: the rules file, read once for the run and checked against the copy's
     * schema. What stage, mask, verify, load and scrub work to; a rule that does not fit the copy
     * (a column gone, a type changed) stops the run here, before anything is masked or copied.
     */
    public MaskPlan plan(@Variable("copy") RestoredCopy copy) {
        try (Connection c = copy.server().connect(copy.database())) {
            return plan(new SchemaReader(c), copy.database());
        } catch (SQLException e) {
            throw new MaskingException("reading the schema of " + copy + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The copy's tables whose rows no masking rule changes: they can be copied to analytics while the
     * others are masked. None when SQL hooks run (a hook may change any table).
     */
    public List<String> untouchedTables(@Variable("plan") MaskPlan plan) {
        return hooks.files().isEmpty() ? plan.untouchedTables() : List.of();
    }

    public void mask(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                     @Variable("plan") MaskPlan plan) {
        // streams only: the pads of the hash key reach the session as LOAD DATA LOCAL data, outside any SQL text
        try (Connection c = copy.server().connectForBulkLoad(copy.database())) {
            if (plan.needsSecret()) {
                // without a configured key, a key for this run only: noise then differs from night to night
                SessionSecret.install(c, hashKey != null ? hashKey : HashKey.random());
            }
            if (!plan.fakeLists().isEmpty()) {
                FakeValues.install(c, plan.fakeLists());
            }
            if (!plan.rules().tableRules().isEmpty()) {
                run.note("tables copied in part or not at all, as the rules say: " + plan.rules().tableRules().values().stream()
                        .map(TableRule::describe).collect(Collectors.joining(", ")));
            }
            dropTriggers(c, copy.database(), run);
            for (MaskPlan.TablePlan table : plan.tables()) {
                if (table.update() != null) {
                    maskTable(c, table, run);
                }
            }
            hooks.run(c, run);
            // the lookup lists are not production's: they never reach the leak check or analytics
            FakeValues.drop(c);
        } catch (SQLException e) {
            throw new MaskingException("masking failed on " + copy + ": " + e.getMessage(), e);
        }
    }

    /**
     * Production's triggers would run on the masking UPDATEs: an audit trigger would write the
     * unmasked old values into another table, which the load would then carry into analytics.
     * The copy is throwaway; its triggers go before anything is masked.
     */
    private static void dropTriggers(Connection c, String database, RunNotes run) throws SQLException {
        List<SchemaReader.Trigger> triggers = new SchemaReader(c).triggers(database);
        for (SchemaReader.Trigger trigger : triggers) {
            Sql.execute(c, "DROP TRIGGER " + Sql.name(database) + "." + Sql.name(trigger.name()));
        }
        if (!triggers.isEmpty()) {
            run.note("triggers dropped on the temporary copy before masking and not copied (analytics is read-only): "
                    + triggers.stream().map(SchemaReader.Trigger::toString).collect(Collectors.joining(", ")));
        }
    }

    /**
     * Indexes on masked columns are dropped for the UPDATE and built again after it: InnoDB builds
     * an index from sorted rows about twice as fast as it maintains it row by row, and without
     * them an existing value that equals another row's masked value cannot make the row-by-row
     * unique check refuse the UPDATE half-way. Building a UNIQUE index again proves the masked
     * column is still unique. DDL commits implicitly, which is fine on the throwaway copy: a
     * failure fails the run before any load.
     */
    private void maskTable(Connection c, MaskPlan.TablePlan plan, RunNotes run) throws SQLException {
        long started = System.nanoTime();
        String table = Sql.name(plan.table());
        List<SchemaReader.Index> indexes = plan.indexesOnMaskedColumns();
        if (!indexes.isEmpty()) {
            Sql.execute(c, "ALTER TABLE " + table + " " + indexes.stream().map(i -> "DROP INDEX " + Sql.name(i.name()))
                    .collect(Collectors.joining(", ")));
        }
        long rows;
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(plan.update())) {
            rows = ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new MaskingException("masking table " + plan.table() + " (" + describe(plan) + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
        if (!indexes.isEmpty()) {
            try {
                Sql.execute(c, "ALTER TABLE " + table + " " + indexes.stream().map(SchemaReader.Index::addClause)
                        .collect(Collectors.joining(", ")));
            } catch (SQLException e) {
                throw new MaskingException("the masking rules for " + describe(plan) + " do not keep the index(es) "
                        + indexes.stream().map(SchemaReader.Index::name).toList() + " unique: " + e.getMessage(), e);
            }
        }
        LOG.info("run {}: masked {} ({} rows) in {} ms", run.id(), describe(plan), rows, (System.nanoTime() - started) / 1_000_000);
    }

    private static String describe(MaskPlan.TablePlan plan) {
        return plan.masking().stream().map(MaskRule::describe).collect(Collectors.joining(", "));
    }
}
