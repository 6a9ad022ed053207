import snapmask.config.MySqlServer;
import snapmask.kpi.KpiBook;
import snapmask.kpi.KpiMeter;
import snapmask.load.AnalyticsLoader;
import snapmask.load.AnalyticsScripts;
import snapmask.load.ScriptsRun;
import snapmask.load.StagedLoad;
import snapmask.mask.LeakCheck;
import snapmask.mask.MaskPlan;
import snapmask.mask.Masker;
import snapmask.config.Settings;
import snapmask.mask.SchemaGuard;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;

import java.nio.file.Path;
import java.util.List;

/**
 * snapmask's stage + mask + verify + load on the benchmark servers, as the refresh route runs them:
 * the tables no rule changes start streaming into DATABASE on the analytics server (staging tables,
 * after the schema guard cleared them) while DATABASE on the source server is masked in place (as
 * the reference pipeline does) and verified; then the masked tables follow, each compared with what was sent as it is
 * loaded (unless the 8th argument is false), and all are swapped in. Run by bench/load-bench.sh:
 *   java -Xmx256m -cp CLASSPATH LoadBench (compiled by bench/classpath.sh) SOURCE_URL ANALYTICS_URL USER PASSWORD DATABASE RULES THREADS [COMPARE]
 *        [ANALYTICS_SCRIPTS KPI_FILE]
 * With the last two, the steps analytics-sql (the scripts in staging, then the schema guard on what they
 * made) and kpi-check (every KPI read in staging) run between the load and the swap, timed apart:
 * scripts_s and kpis_s, inside total_s.
 */
public class LoadBench {
    public static void main(String[] args) throws Exception {
        MySqlServer source = new MySqlServer("source", args[0], args[2], args[3]);
        MySqlServer analytics = new MySqlServer("analytics", args[1], args[2], args[3]);
        RunContext run = new RunContext("bench", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(args[4], source, args[4]);
        Masker masker = new Masker(Path.of(args[5]));
        // verify as production runs it: the leak check and the schema guard with the sample the shipped settings give it
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of(Settings.DEFAULT_FILE))) {
            shipped.load(in);
        }
        int sampleRows = Integer.parseInt(shipped.getProperty("snapmask.masking.guard-sample-rows").strip());
        LeakCheck leakCheck = new LeakCheck(new SchemaGuard(false, sampleRows));
        // snapmask.load.compare (default true) as the 8th argument: the bench measures the load with and without it
        AnalyticsLoader loader = new AnalyticsLoader(analytics, args[4], Integer.parseInt(args[6]), 1000)
                .comparing(args.length < 8 || Boolean.parseBoolean(args[7]));
        // the steps of routes/refresh.camel.yaml from plan to load, in its order
        long t0 = System.nanoTime();
        MaskPlan plan = masker.plan(copy);
        List<String> unmasked = masker.untouchedTables(plan);
        StagedLoad staged = loader.start(run, copy, plan);
        leakCheck.guard(run, copy, plan, unmasked, staged);
        long t1 = System.nanoTime();
        masker.mask(run, copy, plan);
        long t2 = System.nanoTime();
        leakCheck.verify(run, copy, plan, unmasked);
        long t3 = System.nanoTime();
        java.util.Map<String, Long> rows = loader.load(run, staged);
        long scripts = 0;
        long kpis = 0;
        ScriptsRun made = null;
        if (args.length >= 10) {
            long s0 = System.nanoTime();
            made = new AnalyticsScripts(Path.of(args[8]), analytics, args[4]).run(run, staged);
            leakCheck.made(run, made, plan);
            long s1 = System.nanoTime();
            KpiMeter meter = new KpiMeter(KpiBook.load(Path.of(args[9])), analytics, snapmask.config.Analytics.stagingOf(args[4]),
                    null, 0, java.math.BigDecimal.ZERO, java.time.Duration.ofMinutes(1));
            try (java.sql.Connection c = analytics.connect(snapmask.config.Analytics.stagingOf(args[4]))) {
                for (KpiBook.Kpi kpi : meter.book().kpis()) {
                    meter.read(c, kpi);
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            scripts = s1 - s0;
            kpis = System.nanoTime() - s1;
        }
        loader.swap(run, staged, rows, made);
        long t4 = System.nanoTime();
        System.out.printf("snapmask stage_s=%.2f mask_s=%.2f verify_s=%.2f load_s=%.2f scripts_s=%.2f kpis_s=%.2f total_s=%.2f rows=%d%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3 - scripts - kpis) / 1e9, scripts / 1e9, kpis / 1e9,
                (t4 - t0) / 1e9, run.rowsLoaded());
    }
}
