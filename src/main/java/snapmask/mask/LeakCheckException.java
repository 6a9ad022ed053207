package snapmask.mask;

/** Values were left unmasked; the message names table, column and count, never a value. */
public class LeakCheckException extends RuntimeException {
    public LeakCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
