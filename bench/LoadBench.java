import snapmask.config.MySqlServer;
import snapmask.load.AnalyticsLoader;
import snapmask.mask.LeakCheck;
import snapmask.mask.Masker;
import snapmask.config.Settings;
import snapmask.mask.SchemaGuard;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;

import java.nio.file.Path;

/**
 * snapmask's mask + verify + load on the benchmark servers: masks DATABASE on the source server in
 * place (as the reference pipeline does), verifies it (leak check and schema guard), then streams it into DATABASE on
 * the analytics server through staging tables and the swap. Run by bench/load-bench.sh:
 *   java -Xmx256m -cp CLASSPATH bench/LoadBench.java SOURCE_URL ANALYTICS_URL USER PASSWORD DATABASE RULES THREADS
 */
public class LoadBench {
    public static void main(String[] args) {
        MySqlServer source = new MySqlServer("source", args[0], args[2], args[3]);
        MySqlServer analytics = new MySqlServer("analytics", args[1], args[2], args[3]);
        RunContext run = new RunContext("bench");
        run.copy(new RestoredCopy(args[4], source, args[4]));
        Masker masker = new Masker(Path.of(args[5]));
        long t0 = System.nanoTime();
        masker.mask(run);
        long t1 = System.nanoTime();
        // verify as production runs it: the leak check and the schema guard with the sample the shipped settings give it
        int sampleRows = Integer.parseInt(Settings.defaults().getProperty("snapmask.masking.guard-sample-rows").strip());
        new LeakCheck(masker, new SchemaGuard(false, sampleRows)).verify(run);
        long t2 = System.nanoTime();
        new AnalyticsLoader(analytics, args[4], Integer.parseInt(args[6]), 1000).load(run);
        long t3 = System.nanoTime();
        long rows = run.rowsLoaded();
        System.out.printf("snapmask mask_s=%.2f verify_s=%.2f load_s=%.2f rows=%d%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, rows);
    }
}
