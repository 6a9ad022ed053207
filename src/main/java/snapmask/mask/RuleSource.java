package snapmask.mask;

/** A place in a rules file: "config/masking.yaml line 7". */
public record RuleSource(String file, int line) {
    @Override
    public String toString() {
        return file + " line " + line;
    }
}
