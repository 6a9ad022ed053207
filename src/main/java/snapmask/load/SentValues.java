package snapmask.load;

import java.util.List;

/**
 * The values a copy sends, each as its {@link ColumnTransfer} says, counted on the way: the ENUM
 * error values (each costs the load one warning 1265, which is then no sign of a changed value) and
 * the negative zeros a target reads as 0 (for the report).
 */
final class SentValues {

    private final List<ColumnTransfer> columns;
    private final long[] negativeZeros;
    private long enumErrorValues;

    SentValues(List<ColumnTransfer> columns) {
        this.columns = columns;
        this.negativeZeros = new long[columns.size()];
    }

    /** What to send for the value of column {@code index} (0-based) as the copy read it. */
    byte[] send(int index, byte[] read) {
        ColumnTransfer column = columns.get(index);
        byte[] value = column.outgoing(read);
        if (column.isEnumErrorValue(value)) {
            enumErrorValues++;
        } else if (column.losesNegativeZero(value)) {
            negativeZeros[index]++;
        }
        return value;
    }

    long enumErrorValues() {
        return enumErrorValues;
    }

    /** The copy of {@code rows} rows, with the negative zeros it changed. */
    Copied copied(long rows) {
        return Copied.withNegativeZeros(rows, columns, negativeZeros);
    }
}
