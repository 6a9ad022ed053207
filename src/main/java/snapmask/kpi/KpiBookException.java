package snapmask.kpi;

/** The KPI file (snapmask.kpi.file) cannot be used; the message names the file and line. */
public class KpiBookException extends IllegalArgumentException {
    public KpiBookException(String message) {
        super(message);
    }
}
