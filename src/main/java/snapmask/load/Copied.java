package snapmask.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What one table's copy wrote: its rows, and what the target could not hold as the source does,
 * column by column, for the run report.
 *
 * @param rows    rows written
 * @param changes e.g. "column f: 1 negative zero(s) (-0) arrive as 0, ..."
 * @param digest  the rows sent, as {@link CopyCheck} digests what the target holds
 */
public record Copied(long rows, List<String> changes, long digest) {

    /** The copy with its negative zeros (per column, in the copy's column order) that arrive as 0. */
    static Copied withNegativeZeros(long rows, List<ColumnTransfer> columns, long[] negativeZeros, long digest) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < negativeZeros.length; i++) {
            if (negativeZeros[i] > 0) {
                out.add("column " + columns.get(i).name() + ": " + negativeZeros[i] + " negative zero(s) (-0) arrive as 0,"
                        + " as the analytics server reads no negative zero");
            }
        }
        return new Copied(rows, out, digest);
    }

    Copied and(List<String> more) {
        List<String> all = new ArrayList<>(changes);
        all.addAll(more);
        return new Copied(rows, List.copyOf(all), digest);
    }
}
