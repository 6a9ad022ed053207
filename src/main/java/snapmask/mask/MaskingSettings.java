package snapmask.mask;

import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.nio.file.Path;

/** The snapmask.masking.* keys: a rules file snapmask cannot use stops the start, not a run. */
public record MaskingSettings(Path rules, HashKey hashKey, Path hooks, boolean strict, int guardSampleRows) {

    public static MaskingSettings from(Settings s) {
        String hashSecret = s.secret("snapmask.masking.hash-key");
        HashKey hashKey = null;
        try {
            hashKey = hashSecret.isEmpty() ? null : new HashKey(hashSecret);
        } catch (IllegalArgumentException e) {
            s.problem(new ConfigurationException("snapmask.masking.hash-key", e.getMessage()), null);
        }
        Path rules = Path.of(s.string("snapmask.masking.rules"));
        try {
            MaskingRules.load(rules, hashKey);
        } catch (MaskingRulesException e) {
            s.problem(new ConfigurationException("snapmask.masking.rules", "names rules snapmask cannot use: " + e.getMessage()), null);
        }
        return new MaskingSettings(rules, hashKey, Path.of(s.string("snapmask.masking.hooks")), s.bool("snapmask.masking.strict"),
                s.integer("snapmask.masking.guard-sample-rows", 0, 1_000_000));
    }
}
