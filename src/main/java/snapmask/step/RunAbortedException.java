package snapmask.step;

/** snapmask was asked to stop during a run; the run stops at the next step and drops its copy. */
public class RunAbortedException extends RuntimeException {
    public RunAbortedException(String message) {
        super(message);
    }
}
