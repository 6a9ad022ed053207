package snapmask.kpi;

import snapmask.source.Snapshot;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Tonight's KPI values, read in staging before the swap, and the warnings of the checks that let
 * the run go on: what the history keeps after the swap, and what the warning mail says.
 * {@code values}: per KPI, per dimension value ("" for a KPI of one value), the value (null when the
 * query answered NULL or nothing).
 */
public record KpiReading(Snapshot snapshot, Map<String, Map<String, BigDecimal>> values, Map<String, String> units,
                         List<String> warnings) {

    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}
