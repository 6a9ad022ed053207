package snapmask.rds;

/** An RDS call failed for good (after the SDK's retries for throttling and 5xx); the message has the AWS error code. */
public class RdsCallException extends RuntimeException {

    private final String errorCode;

    public RdsCallException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
