package snapmask.mask;

/** The rules file cannot be used; the message names the file and line, and the table and column where known. */
public class MaskingRulesException extends IllegalArgumentException {
    public MaskingRulesException(String message) {
        super(message);
    }

    public MaskingRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
