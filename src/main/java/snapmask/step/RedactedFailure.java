package snapmask.step;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure as ops may see it. Database error texts quote row values ("Duplicate entry
 * 'alice@example.com' for key 'users.email'"), and snapmask's own messages carry them on; the run
 * keeps this copy of the failure, whose messages have every quoted value cut out, at every level
 * of the cause chain. The mail, the log and the run history only ever see this copy, so no
 * personal value reaches them through an error text. Class names and stack frames are kept.
 */
public final class RedactedFailure extends RuntimeException {

    /**
     * A quoted text, with the word before it when that word says the text is a name (of a column,
     * table, key, ...): names help ops and hold no row data. Every quoted text is matched whole,
     * from its opening quote, so the text between two quoted names is never taken for a value. A
     * quote opens only where no letter or digit stands before it and closes only where none follows:
     * servers quote values raw, so O'Brien stays inside its quotes, and "can't" in a server's message
     * is a word, not the start of a value that would swallow the rest of the message.
     */
    private static final Pattern QUOTED = Pattern.compile(
            "((?i:column|table|key|index|field|constraint|database|schema|user|variable|file|function|procedure|view|trigger|instance|snapshot|cluster|account|group|region|folder|directory|option|kind|template|prefix|path|lock|status"
                    + "|sequence) )?(?<![\\p{L}\\p{N}])'(?:[^'\\\\]|\\\\.|'(?=[\\p{L}\\p{N}']))*'(?![\\p{L}\\p{N}])");
    public static final String NOT_SHOWN = "'(value not shown)'";

    private final String type;

    private RedactedFailure(String type, String message, Throwable cause) {
        super(message, cause, false, true);
        this.type = type;
    }

    /** The failure with quoted values cut out of every message; null for null. */
    public static Throwable of(Throwable failure) {
        if (failure == null || failure instanceof RedactedFailure) {
            return failure;
        }
        Throwable cause = failure.getCause() == failure ? null : of(failure.getCause());
        RedactedFailure redacted = new RedactedFailure(failure.getClass().getName(), scrub(failure.getMessage()), cause);
        redacted.setStackTrace(failure.getStackTrace());
        return redacted;
    }

    /** {@code text} with each quoted value replaced by {@value #NOT_SHOWN}. */
    public static String scrub(String text) {
        return text == null ? null : QUOTED.matcher(text).replaceAll(m -> m.group(1) != null
                ? Matcher.quoteReplacement(m.group()) : Matcher.quoteReplacement(NOT_SHOWN));
    }

    /** The simple name of the original exception class. */
    public String type() {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return getMessage() == null ? type : type + ": " + getMessage();
    }
}
