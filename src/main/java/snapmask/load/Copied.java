package snapmask.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What one table's copy wrote: its rows, and the values the target engine itself cannot hold and so
 * changed (whoever loads them), counted by column for the run report.
 *
 * @param rows          rows written
 * @param negativeZeros per column (in the copy's column order), the negative zeros that arrive as 0
 */
public record Copied(long rows, long[] negativeZeros) {

    /** One line per column that changed, e.g. "column f: 1 negative zero (-0) arrives as 0 (...)". */
    public List<String> changes(List<ColumnTransfer> columns) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < negativeZeros.length; i++) {
            if (negativeZeros[i] > 0) {
                out.add("column " + columns.get(i).name() + ": " + negativeZeros[i] + " negative zero(s) (-0) arrive as 0,"
                        + " as the analytics server reads no negative zero");
            }
        }
        return out;
    }
}
