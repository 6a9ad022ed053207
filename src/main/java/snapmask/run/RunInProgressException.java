package snapmask.run;

/** A refresh was asked for while another one runs; two runs at once would fight over the swap. */
public class RunInProgressException extends IllegalStateException {
    public RunInProgressException(String message) {
        super(message);
    }
}
