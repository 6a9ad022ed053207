import snapmask.config.MySqlServer;
import snapmask.mask.HashKey;
import snapmask.mask.LeakCheck;
import snapmask.mask.MaskingHooks;
import snapmask.mask.Masker;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;

import java.nio.file.Path;

/**
 * Times snapmask's mask step (validation, collision probes, the UPDATE) and its leak check on a
 * database that is already there. Run by bench/mask-bench.sh with the project's classpath:
 *   java -cp CLASSPATH MaskBench (compiled by bench/classpath.sh) JDBC_URL USER PASSWORD DATABASE RULES_FILE [HASH_KEY]
 * (the hash key for rules that need one: hash, fake)
 */
public class MaskBench {
    public static void main(String[] args) {
        MySqlServer server = new MySqlServer("bench", args[0], args[1], args[2]);
        RunContext run = new RunContext("bench", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy(args[3], server, args[3]);
        Masker masker = args.length > 5 ? new Masker(Path.of(args[4]), new HashKey(args[5]), MaskingHooks.none())
                : new Masker(Path.of(args[4]));
        long t0 = System.nanoTime();
        var plan = masker.plan(copy);
        masker.mask(run, copy, plan);
        long t1 = System.nanoTime();
        new LeakCheck().verify(run, copy, plan, java.util.List.of());
        long t2 = System.nanoTime();
        System.out.printf("snapmask_mask_s=%.2f snapmask_leakcheck_s=%.2f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }
}
