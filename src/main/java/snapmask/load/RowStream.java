package snapmask.load;

import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A streaming result set read as the tab-separated text LOAD DATA expects: the server pulls
 * bytes, this stream pulls rows. Values are the raw bytes of the text protocol (no String
 * round trip); NULL is \N; backslash, tab, newline, carriage return and NUL are escaped. The
 * buffer has a fixed size and a value longer than it is escaped a piece per read, so a row of
 * large values costs its own bytes only (a 70 MB blob used to double the buffer to hold it
 * escaped, and a heap of 512 MB did not copy a row of two of them).
 */
final class RowStream extends InputStream {

    /** For each byte, the letter that follows the backslash when it is escaped, or 0 when it goes as it is. */
    private static final byte[] ESCAPES = new byte[256];

    static {
        ESCAPES['\\'] = '\\';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES[0] = '0';
    }

    private final ResultSet rows;
    private final SentValues sent;
    private final int columns;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long rowCount;
    private boolean done;
    /** The next column to write (1-based), 0 before a row, columns + 1 at its end. */
    private int column;
    /** The value being written, and how much of it is written. */
    private byte[] value;
    private int written;

    RowStream(ResultSet rows, List<ColumnTransfer> transfers) {
        this.rows = rows;
        this.sent = new SentValues(transfers);
        this.columns = transfers.size();
    }

    long rowCount() {
        return rowCount;
    }

    /** What was sent, counted. */
    SentValues sent() {
        return sent;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Fills the buffer with as much of the rows as it holds; false at the end of the rows. */
    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        try {
            // three bytes of room: a tab and \N, or an escaped pair, or the newline
            while (!done && limit <= buffer.length - 3) {
                if (value != null) {
                    escape();
                } else if (column == 0) {
                    if (rows.next()) {
                        column = 1;
                    } else {
                        done = true;
                    }
                } else if (column > columns) {
                    buffer[limit++] = '\n';
                    rowCount++;
                    column = 0;
                } else {
                    if (column > 1) {
                        buffer[limit++] = '\t';
                    }
                    byte[] next = sent.send(column - 1, rows.getBytes(column));
                    if (next == null) {
                        buffer[limit++] = '\\';
                        buffer[limit++] = 'N';
                        column++;
                    } else {
                        value = next;
                        written = 0;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("reading the masked copy failed: " + e.getMessage(), e);
        }
        return limit > 0;
    }

    /** Writes as much of the value as the buffer holds, runs of ordinary bytes at once (most values are one run). */
    private void escape() {
        byte[] v = value;
        int i = written;
        while (i < v.length && limit <= buffer.length - 2) {
            byte escaped = ESCAPES[v[i] & 0xff];
            if (escaped != 0) {
                buffer[limit++] = '\\';
                buffer[limit++] = escaped;
                i++;
            } else {
                int end = Math.min(v.length, i + buffer.length - limit);
                int j = i + 1;
                while (j < end && ESCAPES[v[j] & 0xff] == 0) {
                    j++;
                }
                System.arraycopy(v, i, buffer, limit, j - i);
                limit += j - i;
                i = j;
            }
        }
        written = i;
        if (i == v.length) {
            value = null;
            column++;
        }
    }
}
