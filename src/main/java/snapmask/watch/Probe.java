package snapmask.watch;

/** What one check of a target found: up, still starting (Metabase's "initializing"), or down, and why. */
public record Probe(Outcome outcome, String detail) {

    public enum Outcome { UP, STARTING, DOWN }

    public static Probe up(String detail) {
        return new Probe(Outcome.UP, detail);
    }

    public static Probe starting(String detail) {
        return new Probe(Outcome.STARTING, detail);
    }

    public static Probe down(String detail) {
        return new Probe(Outcome.DOWN, detail);
    }
}
