package snapmask.mask;

import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.nio.file.Path;

/** The snapmask.masking.* keys, checked at start: a rules file snapmask cannot use stops the start, not a run. */
public final class MaskingSettings {

    private MaskingSettings() {
    }

    public static Masker masker(Settings settings) {
        String hashSecret = settings.secret("snapmask.masking.hash-key");
        HashKey hashKey;
        try {
            hashKey = hashSecret.isEmpty() ? null : new HashKey(hashSecret);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("snapmask.masking.hash-key", e.getMessage());
        }
        try {
            return new Masker(Path.of(settings.string("snapmask.masking.rules")), hashKey,
                    new MaskingHooks(Path.of(settings.string("snapmask.masking.hooks"))));
        } catch (MaskingRulesException e) {
            throw new ConfigurationException("snapmask.masking.rules", "names rules snapmask cannot use: " + e.getMessage());
        }
    }

    public static LeakCheck leakCheck(Settings settings) {
        return new LeakCheck(new SchemaGuard(settings.bool("snapmask.masking.strict"),
                settings.integer("snapmask.masking.guard-sample-rows", 0, 1_000_000)));
    }
}
