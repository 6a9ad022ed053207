package snapmask.testing;

import snapmask.mask.MaskPlan;
import snapmask.mask.Masker;
import snapmask.run.RunContext;
import snapmask.source.RestoredCopy;

/** Steps plan and mask on a copy, as the refresh route runs them one after the other; plans for tests of later steps. */
public final class Masking {

    private Masking() {
    }

    public static void mask(Masker masker, RunContext run, RestoredCopy copy) {
        masker.mask(run, copy, masker.plan(copy));
    }

    /** The plan of rules that mask nothing and copy every table: for tests of the load and the scrub. */
    public static MaskPlan nothingMasked(RestoredCopy copy) {
        return new Masker(TestRules.write(TestRules.KEEP_EVERYTHING)).plan(copy);
    }

    /** The shipped rules (config/masking.yaml), planned against the sample production database. */
    public static MaskPlan shippedRules() {
        return new Masker(java.nio.file.Path.of("config/masking.yaml"))
                .plan(new RestoredCopy("sample", TestDatabase.mysqlServer(), TestDatabase.sampleProduction()));
    }
}
