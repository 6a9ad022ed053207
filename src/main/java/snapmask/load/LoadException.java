package snapmask.load;

/** The load failed; the message says whether the live analytics tables were touched. */
public class LoadException extends RuntimeException {
    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
