package snapmask.mask;

import snapmask.schema.Shortlist;

import java.util.List;

/**
 * Columns that may hold personal data have no rule; the message names them (never their values),
 * the first {@value #NAMED} of them: a mail, a history row and a log line stay readable when a new
 * schema brings hundreds. {@link #findings()} has them all, which {@code plan} prints.
 */
public class SchemaGuardException extends RuntimeException {

    static final int NAMED = 20;

    private final List<String> findings;

    public SchemaGuardException(List<String> findings, String rulesFile) {
        super("columns that may hold personal data have no masking rule, nothing was loaded: "
                + Shortlist.of(findings, NAMED, ", ")
                + (findings.size() > NAMED ? " (java -jar snapmask.jar plan lists them all)" : "")
                + ". Add a rule for each to " + rulesFile
                + ", or \"kind: keep\" if it is safe (a JSON path goes under a \"kind: json\" rule's paths).");
        this.findings = List.copyOf(findings);
    }

    public List<String> findings() {
        return findings;
    }
}
