package snapmask.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.MySqlServer;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import snapmask.load.ColumnTransfer;
import snapmask.load.Copied;
import snapmask.load.TableCopier;
import snapmask.step.RunNotes;
import snapmask.schema.SchemaReader;
import snapmask.schema.SequenceCopier;
import snapmask.schema.FunctionCopier;
import snapmask.schema.ViewCopier;
import snapmask.schema.Sql;
import snapmask.source.ReadableSource;
import snapmask.source.RestoredCopy;
import snapmask.source.Snapshot;
import snapmask.source.SourceException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code local} source: production is a database on a MySQL-compatible server, and the
 * "restore" copies it into a scratch database {@code snapmask_restore_<run id>} on that server.
 * Only the scratch database is ever written; the source database is only read.
 */
public class LocalSource implements ReadableSource {

    static final String SCRATCH_PREFIX = "snapmask_restore_";
    private static final TableCopier LOAD_DATA = TableCopier.faithful(TableCopier.Method.LOAD_DATA);
    private static final TableCopier INSERT = TableCopier.faithful(TableCopier.Method.INSERT);
    private static final Logger LOG = LoggerFactory.getLogger(LocalSource.class);

    private final MySqlServer server;
    private final String database;
    private final java.time.Clock clock;

    public LocalSource(MySqlServer server, String database, java.time.Clock clock) {
        this.server = server;
        this.database = database;
        this.clock = clock;
    }

    public static String scratchDatabase(RunNotes run) {
        return SCRATCH_PREFIX + run.id().replace('-', '_');
    }

    public void sweepLeftovers(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        try (Connection c = server.connect(null)) {
            for (String leftover : new SchemaReader(c).databasesLike(SCRATCH_PREFIX.replace("_", "\\_") + "%")) {
                if (leftover.equals(scratchDatabase(run))) {
                    continue;
                }
                Sql.execute(c, "DROP DATABASE IF EXISTS " + Sql.name(leftover));
                run.cleanedUp("swept leftover scratch database " + leftover + " from an earlier run");
                LOG.warn("run {}: swept leftover scratch database {} on {}", run.id(), leftover, server.where());
            }
        } catch (SQLException e) {
            throw new SourceException("could not list or drop leftover scratch databases on " + server.where(), e);
        }
    }

    public Snapshot findSnapshot(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        try (Connection c = server.connect(null)) {
            SchemaReader schema = new SchemaReader(c);
            if (!schema.databaseExists(database)) {
                throw new SourceException("source database '" + database + "' does not exist on " + server.where()
                        + " (snapmask.local.database)", null);
            }
            if (schema.tables(database).isEmpty()) {
                throw new SourceException("source database '" + database + "' on " + server.where()
                        + " has no tables (snapmask.local.database)", null);
            }
        } catch (SQLException e) {
            throw new SourceException("cannot read source database '" + database + "' on " + server.where(), e);
        }
        Instant now = clock.instant();
        // named like an RDS snapshot, without its time: the snapshot's time and the run's start say when
        Snapshot snapshot = new Snapshot("local:" + database, database, now);
        return snapshot;
    }

    /**
     * Copies production into the scratch database as of one moment, without locking a row of it:
     * the tables are read in one consistent-snapshot transaction, as {@code mysqldump
     * --single-transaction} reads them. An INSERT ... SELECT would take a shared lock on every row
     * it reads (InnoDB, REPEATABLE READ), stalling production's writes for the length of a table's
     * copy, and give each table as of another moment.
     */
    /** The scratch database this run makes, named before it is created (variable copy): a failure half-way still gets it dropped. */
    public RestoredCopy copyToMake(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run) {
        String scratch = scratchDatabase(run);
        return new RestoredCopy(scratch, server, scratch);
    }

    public void restore(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        String scratch = copy.database();
        try (Connection read = server.connect(database); Connection write = server.connectForBulkLoad(null)) {
            SchemaReader schema = new SchemaReader(write);
            Sql.execute(write, "CREATE DATABASE " + Sql.name(scratch) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            TableCopier.prepareFaithfulSession(write);
            Sql.execute(write, "USE " + Sql.name(scratch));
            List<String> tables = schema.tables(database);
            Map<String, List<ColumnTransfer>> columns = new LinkedHashMap<>();
            for (String table : tables) {
                Sql.execute(write, schema.createTable(database, table));
                columns.put(table, ColumnTransfer.forTable(read, database, write, scratch, table));
            }
            TableCopier.prepareSession(read);
            Sql.execute(read, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Sql.execute(read, "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            TableCopier copier = LOAD_DATA;
            for (String table : tables) {
                Copied copied;
                try {
                    copied = copier.copy(read, database, write, scratch, table, null, columns.get(table));
                } catch (SQLException e) {
                    if (copier != LOAD_DATA || !Sql.refusesLocalInfile(e)) {
                        throw e;
                    }
                    LOG.warn("run {}: {} refuses LOAD DATA LOCAL ({}); copying into the scratch database with batched INSERTs,"
                            + " which is slower", run.id(), server.where(), e.getMessage());
                    copier = INSERT;
                    copied = copier.copy(read, database, write, scratch, table, null, columns.get(table));
                }
                // what the scratch copy could not hold, analytics cannot get either
                copied.changes().forEach(change -> run.note("table " + table + ", " + change));
            }
            for (String sequence : schema.sequences(database)) {
                SequenceCopier.copy(read, database, sequence, write, scratch);
            }
            Sql.execute(read, "COMMIT");
            if (!tables.isEmpty()) {
                // as a restored snapshot has them: the load orders and prepares its tables by these sizes,
                // which InnoDB does not count for a table just filled until its statistics are recalculated
                Sql.execute(write, "ANALYZE NO_WRITE_TO_BINLOG TABLE " + Sql.names(tables));
            }
            FunctionCopier.copy(write, database, write, scratch);
            ViewCopier.copy(write, database, write, scratch);
            // a restored snapshot holds them and the load says so; this copy leaves them out
            FunctionCopier.notCopied(schema, database).ifPresent(run::note);
            copyTriggers(write, schema, scratch);
            LOG.info("run {}: copied {} tables of {} into {}, as of one moment", run.id(), tables.size(), database, scratch);
        } catch (SQLException e) {
            throw new SourceException("could not copy database '" + database + "' into scratch database " + scratch
                    + " on " + server.where(), e);
        }
    }

    /** As a restored snapshot holds them: the mask step must meet production's triggers. */
    private void copyTriggers(Connection c, SchemaReader schema, String scratch) throws SQLException {
        for (SchemaReader.Trigger trigger : schema.triggers(database)) {
            String create;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW CREATE TRIGGER " + Sql.name(database) + "." + Sql.name(trigger.name()))) {
                rs.next();
                create = rs.getString(3);
            }
            Sql.execute(c, create.replaceFirst("DEFINER=`(?:[^`]|``)*`(?:@`(?:[^`]|``)*`)? ", ""));
        }
    }

    public RestoredCopy awaitReady(@Variable("copy") RestoredCopy copy) {
        try (Connection c = server.connect(copy.database())) {
            Sql.count(c, "SELECT 1");
            return copy;
        } catch (SQLException e) {
            throw new SourceException("scratch database " + copy.database() + " is not reachable", e);
        }
    }

    public void drop(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy) {
        if (copy == null) {
            return;
        }
        try (Connection c = server.connect(null)) {
            Sql.execute(c, "DROP DATABASE IF EXISTS " + Sql.name(copy.database()));
            run.cleanedUp("scratch database " + copy.database() + " dropped");
        } catch (SQLException e) {
            run.cleanupFailed("scratch database " + copy.database() + " on " + server.where()
                    + " could not be dropped (" + e.getMessage() + "); the next run sweeps it, or run: DROP DATABASE "
                    + Sql.name(copy.database()));
        }
    }

    public MySqlServer server() {
        return server;
    }

    public String database() {
        return database;
    }
}
