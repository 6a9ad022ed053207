package snapmask.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.Analytics;
import snapmask.config.MySqlServer;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import snapmask.step.RunAbortedException;
import snapmask.mask.MaskPlan;
import snapmask.step.RunNotes;
import snapmask.schema.SchemaReader;
import snapmask.schema.SequenceCopier;
import snapmask.schema.FunctionCopier;
import snapmask.schema.ViewCopier;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Loads the masked copy into the analytics database without ever showing Metabase an empty or
 * half-loaded table: every table is built and filled in a staging database beside analytics, each
 * table's loaded rows are checked against the rows read, and one RENAME TABLE then swaps all tables at once. Yesterday's tables
 * are dropped after the swap. A failure before the swap leaves analytics exactly as it was.
 */
public class AnalyticsLoader {

    /** From this size on, a table's load runs with InnoDB's statistics recalculation off. */
    static final long BULK_BYTES = 4L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsLoader.class);

    private final MySqlServer analytics;
    private final String database;
    private final int threads;
    private final TableCopier copier;
    private final TableCopier fallback;
    /** Per run: a server's local_infile can be turned on between runs. */
    private final AtomicBoolean localInfileRefused = new AtomicBoolean();
    private BooleanSupplier stopRequested = () -> false;
    /** snapmask.load.compare: each table proven to hold what was sent before the swap ({@link CopyCheck}). */
    private boolean compare = true;

    public AnalyticsLoader(MySqlServer analytics, String database, int threads, int batchSize, TableCopier.Method method) {
        this.analytics = analytics;
        this.database = database;
        this.threads = threads;
        this.copier = new TableCopier(batchSize, method);
        this.fallback = new TableCopier(batchSize, TableCopier.Method.INSERT);
    }

    public AnalyticsLoader(MySqlServer analytics, String database, int threads, int batchSize) {
        this(analytics, database, threads, batchSize, TableCopier.Method.LOAD_DATA);
    }

    /**
     * When {@code stop} turns true during a load (snapmask is stopping), the table copies are cut
     * off and the load ends before the swap, so a stop does not wait for the biggest table.
     */
    public AnalyticsLoader stopWhen(BooleanSupplier stop) {
        this.stopRequested = stop;
        return this;
    }

    /** Whether each table loaded is compared with what was sent (snapmask.load.compare). */
    public AnalyticsLoader comparing(boolean compare) {
        this.compare = compare;
        return this;
    }

    public String stagingDatabase() {
        return Analytics.stagingOf(database);
    }

    public String retiredDatabase() {
        return database + "__snapmask_old";
    }

    public String database() {
        return database;
    }

    public MySqlServer server() {
        return analytics;
    }

    /**
     * Step {@code stage}: the staging database beside analytics, with every table to copy created in
     * it (a definition analytics refuses stops the run here, before any row moves). The returned
     * load copies a table when it is handed one (the schema guard hands it the tables no rule
     * changes, as it clears them, so they copy while the others are masked) and copies the rest in
     * the {@code load} step.
     */
    public StagedLoad start(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("copy") RestoredCopy copy,
                            @Variable("plan") MaskPlan plan) {
        String staging = stagingDatabase();
        localInfileRefused.set(false);
        try (Connection target = analytics.connect(null); Connection source = copy.server().connect(copy.database())) {
            TableCopier.prepareSession(target);
            dropLeftovers(target, run);
            Sql.execute(target, "CREATE DATABASE " + Sql.name(staging) + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            SchemaReader copySchema = new SchemaReader(source);
            List<String> all = copySchema.tables(copy.database());
            List<String> tables = all.stream().filter(t -> plan.tableRule(t).copied()).toList();
            Sql.execute(target, "USE " + Sql.name(staging));
            DefinitionTranslator translator = DefinitionTranslator.between(source, target)
                    .without(all.stream().filter(t -> !tables.contains(t)).collect(Collectors.toSet()));
            Map<String, Long> sizes = sizes(source, copy.database());
            for (String table : tables) {
                createTable(target, translator.translate(table, copySchema.createTable(copy.database(), table)), table, run);
                if (sizes.getOrDefault(table, 0L) >= BULK_BYTES) {
                    // InnoDB's background statistics recalculation would take a core during the bulk load; the
                    // swap gives the table production's setting back. A small table loads in moments, and
                    // two ALTERs each cost more than its load (1,500 tables: 9 s of 27 s on the analytics server)
                    Sql.execute(target, "ALTER TABLE " + Sql.name(table) + " STATS_AUTO_RECALC = 0");
                }
            }
            for (String note : translator.collationNotes()) {
                LOG.info("run {}: {}", run.id(), note);
                run.note(note);
            }
            List<String> sequences = copySchema.sequences(copy.database());
            copySequences(source, copy.database(), target, translator, sequences);
            // biggest tables start first, so the parallel copy does not end waiting on one big table
            List<String> largestFirst = new ArrayList<>(tables);
            largestFirst.sort(Comparator.comparing((String t) -> sizes.getOrDefault(t, 0L)).reversed());
            // every table checks its own count: rows read from the copy = rows the server loaded
            return new StagedLoad(copy, tables, sequences, largestFirst, threads,
                    new ConnectionWatch(analytics, Duration.ofSeconds(2)),
                    (table, watch, open) -> copyTable(run, copy, table, plan.tableRule(table).condition(), watch, open));
        } catch (SQLException | RuntimeException e) {
            dropStagingQuietly(run);
            if (e instanceof LoadException le) {
                throw le;
            }
            throw new LoadException("preparing the load into " + database + " on " + analytics.where() + " failed;"
                    + " the analytics tables are unchanged: " + e.getMessage(), e);
        }
    }

    /**
     * Step {@code load}, first part: copies the tables not started yet and waits for every table;
     * returns the rows each table got. A copy that failed (the server went away, say) is the cause.
     */
    public Map<String, Long> load(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("load") StagedLoad staged) {
        try {
            Map<String, Long> rows = staged.await(stopRequested, this::requireNotStopping);
            if (localInfileRefused.get()) {
                run.note(analytics.where() + " refuses LOAD DATA LOCAL (local_infile=0): loaded with batched INSERTs, which is"
                        + " slower; set local_infile=1 on that server (on RDS: in its DB parameter group) to load faster");
            }
            requireNotStopping();
            defineFunctionsAndViews(staged.copy(), stagingDatabase());
            return rows;
        } catch (RunAbortedException e) {
            // the server may still be rolling back a cut-off LOAD DATA; the next run drops the staging database
            staged.finished();
            staged.close();
            run.cleanedUp(stagingLeftOnStop());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(run, staged);
            throw new LoadException("the load was interrupted before the swap; the analytics tables are unchanged", e);
        } catch (SQLException | RuntimeException e) {
            throw failedBeforeSwap(run, staged, e);
        }
    }

    /**
     * Production's functions and views, defined in staging first: one analytics cannot take fails
     * the load before the swap, and the analytics scripts can read them.
     */
    private void defineFunctionsAndViews(RestoredCopy copy, String staging) throws SQLException {
        try (Connection target = analytics.connect(null); Connection source = copy.server().connect(copy.database())) {
            TableCopier.prepareSession(target);
            defineIn(staging, () -> FunctionCopier.copy(source, copy.database(), target, staging));
            defineIn(staging, () -> ViewCopier.copy(source, copy.database(), target, staging));
        }
    }

    /**
     * Step {@code swap}: statistics, then one RENAME TABLE swaps every table of staging into
     * analytics at once (production's and those the analytics scripts made, {@code made}), then
     * the views; {@code rows} are the rows each of production's tables got.
     */
    public Map<String, Long> swap(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("load") StagedLoad staged,
                     @Variable("rows") Map<String, Long> rows, @Variable("made") ScriptsRun made) {
        RestoredCopy copy = staged.copy();
        List<String> tables = staged.tables();
        try (staged; Connection target = analytics.connect(null); Connection source = copy.server().connect(copy.database())) {
            TableCopier.prepareSession(target);
            Sql.execute(target, "USE " + Sql.name(stagingDatabase()));
            SchemaReader copySchema = new SchemaReader(source);
            for (String table : new SchemaReader(target).tablesWithStatsAutoRecalcOff(stagingDatabase())) {
                // production's own setting, which the stage step turned off for a big table
                Sql.execute(target, "ALTER TABLE " + Sql.name(table) + " STATS_AUTO_RECALC = "
                        + copySchema.statsAutoRecalc(copy.database(), table));
            }
            Sql.execute(target, "ANALYZE TABLE " + Sql.names(tables));
            List<String> swapped = new ArrayList<>(tables);
            swapped.addAll(staged.sequences());
            List<String> madeTables = made == null ? List.of() : made.tables();
            swapped.addAll(madeTables);
            // the scripts' views read staging's names until they are defined in analytics after the swap
            Map<String, String> madeViews = new LinkedHashMap<>();
            SchemaReader staging = new SchemaReader(target);
            for (String view : made == null ? List.<String>of() : made.views()) {
                madeViews.put(view, staging.viewSelect(stagingDatabase(), view));
            }
            renameAll(target, swapped);
            staged.finished();
            List<String> functions = defineIn(database, () -> FunctionCopier.copy(source, copy.database(), target, database));
            ViewCopier.Defined views = defineIn(database, () -> ViewCopier.copy(source, copy.database(), target, database));
            defineIn(database, () -> ViewCopier.define(madeViews, target, database));
            Sql.execute(target, "DROP DATABASE IF EXISTS " + Sql.name(stagingDatabase()));
            if (!functions.isEmpty()) {
                run.note("functions defined (SQL SECURITY INVOKER), which views may call: " + String.join(", ", functions));
            }
            if (!views.created().isEmpty()) {
                run.note("views defined (SQL SECURITY INVOKER): " + String.join(", ", views.created()));
            }
            if (!views.leftOut().isEmpty()) {
                run.note("views left out, as analytics holds only the copied database: " + String.join(", ", views.leftOut()));
            }
            FunctionCopier.notCopied(copySchema, copy.database()).ifPresent(run::note);
            LOG.info("run {}: loaded {} tables, {} rows into {} on {}", run.id(), tables.size(),
                    rows.values().stream().mapToLong(Long::longValue).sum(), database, analytics.where());
            return rows;
        } catch (SQLException | RuntimeException e) {
            if (staged.isFinished()) {
                throw e instanceof LoadException le ? le : new LoadException(e.getMessage(), e);
            }
            throw failedBeforeSwap(run, staged, e);
        }
    }

    private String stagingLeftOnStop() {
        return "staging database " + stagingDatabase() + " left on " + analytics.where()
                + " (snapmask is stopping); the next run removes it, nothing to do";
    }

    private LoadException failedBeforeSwap(RunNotes run, StagedLoad staged, Exception e) {
        abandon(run, staged);
        if (e instanceof LoadException le) {
            return le;
        }
        return new LoadException("loading into " + database + " on " + analytics.where() + " failed before the swap;"
                + " the analytics tables are unchanged: " + e.getMessage(), e);
    }

    /**
     * Always, at the end of a run: a load the run did not take to its end (a later step failed,
     * or snapmask is stopping) is cut off, and its staging database dropped.
     */
    public void abandon(@ExchangeProperty(RunNotes.PROPERTY) RunNotes run, @Variable("load") StagedLoad staged) {
        if (staged == null || staged.isFinished()) {
            return;
        }
        boolean copying = staged.copying();
        staged.finished();
        staged.cancel();
        staged.close();
        if (copying && stopRequested.getAsBoolean()) {
            // a cut-off LOAD DATA may still be rolling back: not worth holding up the stop for
            run.cleanedUp(stagingLeftOnStop());
        } else {
            dropStagingQuietly(run);
        }
    }

    /** Every table is created before any row is copied: a definition analytics refuses stops the load at once. */
    private void createTable(Connection target, DefinitionTranslator.Translation definition, String table, RunNotes run)
            throws SQLException {
        for (String note : definition.notes()) {
            LOG.info("run {}: {}", run.id(), note);
            run.note(note);
        }
        try {
            Sql.execute(target, definition.ddl());
        } catch (SQLException e) {
            throw new LoadException("table " + table + ": the analytics server " + analytics.where() + " refuses its definition ("
                    + LoadWarnings.scrub(e.getMessage()) + "); nothing was loaded and the analytics tables are unchanged."
                    + " snapmask translates collations, expression defaults, functional indexes, invisible columns and"
                    + " MariaDB's INET4/INET6/UUID between engines; for anything else use an analytics server of the same"
                    + " engine and version as production", e);
        }
    }

    private void copySequences(Connection source, String sourceDb, Connection target, DefinitionTranslator translator,
                               List<String> sequences) throws SQLException {
        if (!sequences.isEmpty() && !translator.targetHasSequences()) {
            throw new LoadException("sequence " + sequences.get(0) + ": the analytics server " + analytics.where()
                    + " is MySQL, which has no sequences; nothing was loaded and the analytics tables are unchanged."
                    + " Use a MariaDB analytics server to carry production's sequences", null);
        }
        for (String sequence : sequences) {
            SequenceCopier.copy(source, sourceDb, sequence, target, stagingDatabase());
        }
    }

    /** What defines functions or views in a database of the analytics server. */
    private interface Definition<T> {
        T define() throws SQLException;
    }

    /** Runs a definition in {@code targetDb}: staging before the swap, analytics after it. */
    private <T> T defineIn(String targetDb, Definition<T> definition) {
        try {
            return definition.define();
        } catch (SQLException e) {
            throw new LoadException(LoadWarnings.scrub(e.getMessage()) + "; "
                    + (targetDb.equals(database) ? "the tables are loaded, the functions and views are not all defined"
                    : "nothing was loaded and the analytics tables are unchanged"), e);
        }
    }

    private void requireNotStopping() {
        if (stopRequested.getAsBoolean()) {
            throw new RunAbortedException("snapmask is stopping: the load stopped before the swap; the analytics tables are"
                    + " unchanged and the staging database is dropped by the next run");
        }
    }

    private long copyTable(RunNotes run, RestoredCopy copy, String table, String condition, ConnectionWatch watch,
                           Set<Connection> open) throws SQLException {
        try (Connection from = copy.server().connect(copy.database()); Connection to = analytics.connectForBulkLoad(stagingDatabase())) {
            open.add(from);
            open.add(to);
            long watched = watch.watch(to);
            try {
                return copyTable(run, copy, table, condition, from, to);
            } finally {
                watch.release(watched);
                open.remove(from);
                open.remove(to);
            }
        }
    }

    private long copyTable(RunNotes run, RestoredCopy copy, String table, String condition, Connection from, Connection to)
            throws SQLException {
        TableCopier.prepareSession(from);
        TableCopier.prepareSession(to);
        List<ColumnTransfer> columns = ColumnTransfer.forTable(from, copy.database(), to, stagingDatabase(), table);
        long started = System.nanoTime();
        Copied rows;
        if (localInfileRefused.get() || copier.method() == TableCopier.Method.INSERT) {
            rows = fallback.copy(from, copy.database(), to, stagingDatabase(), table, condition, columns);
        } else {
            try {
                rows = copier.copy(from, copy.database(), to, stagingDatabase(), table, condition, columns);
            } catch (SQLException e) {
                if (!Sql.refusesLocalInfile(e)) {
                    throw e;
                }
                if (localInfileRefused.compareAndSet(false, true)) {
                    LOG.warn("{} refuses LOAD DATA LOCAL ({}); loading with batched INSERTs, which is slower."
                            + " Set local_infile=1 on that server to load faster.", analytics.where(), e.getMessage());
                }
                return copyTable(run, copy, table, condition, from, to);
            }
        }
        long copiedAt = System.nanoTime();
        if (compare) {
            CopyCheck.verify(from, copy.database(), to, stagingDatabase(), table, condition, columns, rows);
        }
        LOG.debug("copied {} ({} rows) in {} ms, compared in {} ms", table, rows.rows(), (copiedAt - started) / 1_000_000,
                (System.nanoTime() - copiedAt) / 1_000_000);
        for (String change : rows.changes()) {
            LOG.info("run {}: table {}, {}", run.id(), table, change);
            run.note("table " + table + ", " + change);
        }
        return rows.rows();
    }

    /** Data and index bytes of each table of the copy, as InnoDB's statistics tell them. */
    private static Map<String, Long> sizes(Connection c, String database) throws SQLException {
        Map<String, Long> size = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, data_length + index_length FROM information_schema.tables WHERE table_schema = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    size.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return size;
    }

    /**
     * One RENAME TABLE: readers see all of yesterday's tables, then all of today's. Tables that
     * production no longer has leave analytics in the same statement; the analytics database
     * belongs to snapmask (views are left alone and keep working, as they resolve names at query time).
     */
    private void renameAll(Connection target, List<String> tables) throws SQLException {
        SchemaReader analyticsSchema = new SchemaReader(target);
        List<String> live = new ArrayList<>(analyticsSchema.tables(database));
        live.addAll(analyticsSchema.sequences(database));
        Sql.execute(target, "CREATE DATABASE " + Sql.name(retiredDatabase()));
        List<String> renames = new ArrayList<>();
        for (String table : live) {
            renames.add(qualified(database, table) + " TO " + qualified(retiredDatabase(), table));
        }
        for (String table : tables) {
            renames.add(qualified(stagingDatabase(), table) + " TO " + qualified(database, table));
        }
        Sql.execute(target, "RENAME TABLE " + String.join(", ", renames));
        List<String> dropped = live.stream().filter(t -> !tables.contains(t)).toList();
        if (!dropped.isEmpty()) {
            LOG.info("tables no longer in production, removed from {}: {}", database, dropped);
        }
        Sql.execute(target, "DROP DATABASE " + Sql.name(retiredDatabase()));
    }

    /** What a stopped or killed run left beside analytics: ops were told the next run removes it, so it says so. */
    private void dropLeftovers(Connection target, RunNotes run) throws SQLException {
        SchemaReader schema = new SchemaReader(target);
        for (String leftover : List.of(stagingDatabase(), retiredDatabase())) {
            if (schema.databaseExists(leftover)) {
                Sql.execute(target, "DROP DATABASE " + Sql.name(leftover));
                LOG.info("run {}: removed {} on {}, left by an earlier run that was stopped or failed", run.id(), leftover,
                        analytics.where());
            }
        }
    }

    private void dropStagingQuietly(RunNotes run) {
        try (Connection target = analytics.connect(null)) {
            TableCopier.prepareSession(target);
            Sql.execute(target, "DROP DATABASE IF EXISTS " + Sql.name(stagingDatabase()));
            run.cleanedUp("staging database " + stagingDatabase() + " dropped");
        } catch (SQLException e) {
            // not an action for ops: the next run drops it before it loads, and nothing costs meanwhile
            run.cleanedUp("staging database " + stagingDatabase() + " left on " + analytics.where() + " (" + e.getMessage()
                    + "); the next run removes it, nothing to do");
        }
    }

    private static String qualified(String db, String table) {
        return Sql.name(db) + "." + Sql.name(table);
    }

    @Override
    public String toString() {
        return database + " on " + analytics.where();
    }
}
