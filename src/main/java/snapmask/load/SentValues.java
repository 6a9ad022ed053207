package snapmask.load;

import java.util.List;
import java.util.zip.CRC32;

/**
 * The values a copy sends, each as its {@link ColumnTransfer} says, counted on the way: the ENUM
 * error values (each costs the load one warning 1265, which is then no sign of a changed value) and
 * the negative zeros a target reads as 0 (for the report); and digested, for {@link CopyCheck}.
 */
final class SentValues {

    private final List<ColumnTransfer> columns;
    private final long[] negativeZeros;
    private long enumErrorValues;
    /** The rows' digest as {@link CopyCheck} computes it on the target: the XOR of each row's CRC32. */
    private final CRC32 row = new CRC32();
    private long digest;

    SentValues(List<ColumnTransfer> columns) {
        this.columns = columns;
        this.negativeZeros = new long[columns.size()];
    }

    /**
     * What to send for the value of column {@code index} (0-based) as the copy read it; the values
     * of a row come in column order. The digest takes the value as read, as the target prints it.
     */
    byte[] send(int index, byte[] read) {
        ColumnTransfer column = columns.get(index);
        byte[] value = column.outgoing(read);
        if (column.isEnumErrorValue(value)) {
            enumErrorValues++;
        } else if (column.losesNegativeZero(value)) {
            negativeZeros[index]++;
        }
        if (index > 0) {
            row.update(CopyCheck.SEPARATOR);
        }
        if (read == null) {
            row.update(CopyCheck.NULL);
        } else if (column.negativeZeroLost() && ColumnTransfer.isZero(read)) {
            row.update(CopyCheck.ZERO);
        } else {
            row.update(read);
        }
        if (index == columns.size() - 1) {
            digest ^= row.getValue();
            row.reset();
        }
        return value;
    }

    long enumErrorValues() {
        return enumErrorValues;
    }

    /** The copy of {@code rows} rows, with the negative zeros it changed. */
    Copied copied(long rows) {
        return Copied.withNegativeZeros(rows, columns, negativeZeros, digest);
    }
}
