package snapmask.kpi;

/** A check with action stop failed before the swap: the run ends, analytics keeps the last run's data. */
public class KpiCheckException extends RuntimeException {
    public KpiCheckException(String message) {
        super(message);
    }

    public KpiCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
