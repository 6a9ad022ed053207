package snapmask.mask;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The masker (steps plan, stage, mask) and the leak check (step verify). */
public class MaskingConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        MaskingSettings settings = context.getRegistry().findSingleByType(MaskingSettings.class);
        context.getRegistry().bind("masker", new Masker(settings.rules(), settings.hashKey(), new MaskingHooks(settings.hooks())));
        context.getRegistry().bind("leakCheck", new LeakCheck(new SchemaGuard(settings.strict(), settings.guardSampleRows())));
    }
}
