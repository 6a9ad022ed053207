package snapmask.mask;

/** Masking could not complete; nothing is loaded. Messages name tables and columns, never values. */
public class MaskingException extends RuntimeException {
    public MaskingException(String message, Throwable cause) {
        super(message, cause);
    }
}
