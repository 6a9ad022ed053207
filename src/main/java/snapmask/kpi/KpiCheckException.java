package snapmask.kpi;

/**
 * A KPI step cannot go on: before the swap a check with action stop failed or a KPI query did
 * (analytics keeps the last run's data); after it, the KPI history could not be written.
 */
public class KpiCheckException extends RuntimeException {
    public KpiCheckException(String message) {
        super(message);
    }

    public KpiCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
