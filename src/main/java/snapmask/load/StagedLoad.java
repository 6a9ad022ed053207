package snapmask.load;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import snapmask.config.CuttableSocketFactory;
import snapmask.source.RestoredCopy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A load in progress, from the {@code stage} step to the {@code load} step: the staging database
 * holds every table to copy, and the table copies run into it on the load's threads. Tables that
 * no rule changes start copying before the masking, handed over as the schema guard clears them;
 * the masked ones join after the leak check.
 *
 * <p>Until the {@code load} step the copies run on one thread fewer than configured (at least
 * one), the biggest table waiting first: the masking and the leak check work beside them, the
 * biggest table's copy is usually the run's length, and every copy more beside the masking takes
 * CPU from it (docs/benchmarks.md: about 1.5 s of a 22 s run at SCALE=2).
 */
public final class StagedLoad implements Consumer<List<String>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StagedLoad.class);

    /** Copies one table, returning the rows it wrote; the connections it opens go to {@code open}. */
    interface TableCopy {
        long copy(String table, ConnectionWatch watch, Set<Connection> open) throws SQLException;
    }

    private final RestoredCopy from;
    private final List<String> tables;
    private final List<String> sequences;
    private final List<String> largestFirst;
    private final TableCopy copier;
    private final ThreadPoolExecutor pool;
    private final int threads;
    private final ConnectionWatch watch;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Future<Long>> futures = new ConcurrentHashMap<>();
    /** When one table fails the others fail after it (cancelled, cut off): the first is the cause. */
    private final AtomicReference<Map.Entry<String, Exception>> firstFailure = new AtomicReference<>();
    private volatile boolean finished;

    StagedLoad(RestoredCopy from, List<String> tables, List<String> sequences, List<String> largestFirst, int threads,
               ConnectionWatch watch, TableCopy copy) {
        this.from = from;
        this.tables = tables;
        this.sequences = sequences;
        this.largestFirst = largestFirst;
        this.copier = copy;
        this.watch = watch;
        this.threads = Math.min(threads, Math.max(1, tables.size()));
        int beforeLoad = Math.max(1, this.threads - 1);
        // biggest first among the tables waiting: a queue ordered by size instead of by hand-over
        this.pool = new ThreadPoolExecutor(beforeLoad, beforeLoad, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
                r -> new Thread(r, "snapmask-load"));
    }

    /** The masked copy the tables come from. */
    RestoredCopy copy() {
        return from;
    }

    /** The tables the load copies, in the copy's order of tables. */
    public List<String> tables() {
        return tables;
    }

    List<String> sequences() {
        return sequences;
    }

    /** Queues {@code tables} for copying (those the load copies and has not queued yet). */
    @Override
    public void accept(List<String> tables) {
        start(tables);
    }

    /** The tables of {@code these} not queued yet are queued; the biggest waiting one is copied next. */
    synchronized void start(Collection<String> these) {
        for (String table : largestFirst) {
            if (these.contains(table) && !futures.containsKey(table)) {
                TableCopyTask task = new TableCopyTask(table, largestFirst.indexOf(table));
                futures.put(table, task);
                pool.execute(task);
            }
        }
    }

    /** One table's copy, ordered in the queue by its size. */
    private final class TableCopyTask extends FutureTask<Long> implements Comparable<TableCopyTask> {
        private final int rank;

        TableCopyTask(String table, int rank) {
            super(() -> {
                try {
                    return copier.copy(table, watch, open);
                } catch (SQLException | RuntimeException e) {
                    firstFailure.compareAndSet(null, Map.entry(table, e));
                    throw e;
                }
            });
            this.rank = rank;
        }

        @Override
        public int compareTo(TableCopyTask other) {
            return Integer.compare(rank, other.rank);
        }
    }

    /**
     * Starts what is left and waits for every table; returns the rows each wrote. {@code stop} is
     * asked every second: when it turns true the copies are cut off and {@code onStop} runs.
     */
    Map<String, Long> await(BooleanSupplier stop, Runnable onStop) throws InterruptedException {
        // the masking is done: every thread copies now
        pool.setMaximumPoolSize(threads);
        pool.setCorePoolSize(threads);
        start(tables);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : tables) {
            while (!rows.containsKey(table)) {
                try {
                    rows.put(table, futures.get(table).get(1, TimeUnit.SECONDS));
                } catch (TimeoutException stillCopying) {
                    if (stop.getAsBoolean()) {
                        cancel();
                        onStop.run();
                    }
                } catch (ExecutionException e) {
                    cancel();
                    Map.Entry<String, ? extends Throwable> failed = firstFailure.get() != null ? firstFailure.get()
                            : Map.entry(table, e.getCause());
                    throw new LoadException("copying table " + failed.getKey() + " failed, the analytics tables are unchanged: "
                            + LoadWarnings.scrub(failed.getValue().getMessage()), failed.getValue());
                }
            }
        }
        return rows;
    }

    /** How many tables copy at once now. */
    int copiesAtOnce() {
        return pool.getCorePoolSize();
    }

    /** Whether a table copy is still running. */
    boolean copying() {
        return futures.values().stream().anyMatch(f -> !f.isDone());
    }

    /** Cuts off every copy still running. Closing a streaming result set would read it to the end: the connections are cut. */
    void cancel() {
        futures.values().forEach(f -> f.cancel(true));
        for (Connection c : open) {
            try {
                CuttableSocketFactory.cut(c);
            } catch (SQLException e) {
                LOG.debug("aborting a load connection: {}", e.getMessage());
            }
        }
    }

    void finished() {
        finished = true;
    }

    /** Whether the load got to its end (swapped, or failed and cleaned up): nothing is left to abandon. */
    boolean isFinished() {
        return finished;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        watch.close();
    }
}
