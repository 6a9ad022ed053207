package snapmask.rds.component;

/**
 * An RDS call failed for good (after the SDK's retries for throttling and 5xx). The message names
 * the operation and AWS's error code, which the SDK's own message leaves out; the SDK's exception
 * is the cause.
 */
public class Aws2RdsException extends RuntimeException {

    private final String errorCode;

    public Aws2RdsException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** AWS's error code (DBInstanceNotFound, InvalidParameterValue, ...), or null when RDS did not answer. */
    public String errorCode() {
        return errorCode;
    }
}
