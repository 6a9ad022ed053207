package snapmask.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * One check on a number (a KPI's value, a table's rows) before the swap: bounds, and the largest
 * change in percent from the last successful run's number; {@code source} says where it is
 * written, for the message that names what to change.
 */
public record Limit(BigDecimal min, BigDecimal max, BigDecimal changePercent, BigDecimal shrinkPercent, Action action,
                    String source) {

    /** warn: ops get a mail and the run swaps; stop: the run ends before the swap, analytics keeps the last run's data. */
    public enum Action { WARN, STOP }

    /** Why {@code now} breaks this limit ({@code before} may be null: nothing to compare with), or empty. */
    public Optional<String> broken(BigDecimal now, BigDecimal before) {
        if (now == null) {
            return min != null || max != null ? Optional.of("has no value") : Optional.empty();
        }
        if (min != null && now.compareTo(min) < 0) {
            return Optional.of("is " + plain(now) + ", below its minimum " + plain(min));
        }
        if (max != null && now.compareTo(max) > 0) {
            return Optional.of("is " + plain(now) + ", above its maximum " + plain(max));
        }
        if (before == null || before.signum() == 0) {
            return Optional.empty();
        }
        BigDecimal change = now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before.abs(), 1, RoundingMode.HALF_UP);
        if (changePercent != null && change.abs().compareTo(changePercent) > 0) {
            return Optional.of("is " + plain(now) + ", " + plain(before) + " at the last run: " + (change.signum() > 0 ? "+" : "")
                    + plain(change) + " %, a larger change than " + plain(changePercent) + " %");
        }
        if (shrinkPercent != null && change.negate().compareTo(shrinkPercent) > 0) {
            return Optional.of("is " + plain(now) + ", " + plain(before) + " at the last run: it shrank by " + plain(change.negate())
                    + " %, more than " + plain(shrinkPercent) + " %");
        }
        return Optional.empty();
    }

    static String plain(BigDecimal n) {
        return n.stripTrailingZeros().toPlainString();
    }
}
