package snapmask.source;

/** A step of the local source failed; the message says which database on which server. */
public class SourceException extends RuntimeException {
    public SourceException(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + cause.getMessage(), cause);
    }
}
