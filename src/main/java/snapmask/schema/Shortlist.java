package snapmask.schema;

import java.util.List;

/**
 * The first few of a list of names, then a count of the rest: what a mail, a history row or a
 * report line can carry when a schema of thousands of tables puts all of them on the list.
 */
public final class Shortlist {

    private Shortlist() {
    }

    /** {@code names} joined by {@code separator}, the first {@code shown} of them, and "and N more". */
    public static String of(List<String> names, int shown, String separator) {
        return String.join(separator, names.subList(0, Math.min(shown, names.size())))
                + (names.size() > shown ? " and " + (names.size() - shown) + " more" : "");
    }
}
