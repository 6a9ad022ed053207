package snapmask.mask;

/** Columns that may hold personal data have no rule; the message lists them (never their values). */
public class SchemaGuardException extends RuntimeException {
    public SchemaGuardException(String message) {
        super(message);
    }
}
