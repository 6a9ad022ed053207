package snapmask.load;

import java.io.IOException;
import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A streaming result set read as the tab-separated text LOAD DATA expects: the server pulls
 * bytes, this stream pulls rows. Values are the raw bytes of the text protocol (no String
 * round trip); NULL is \N; backslash, tab, newline, carriage return and NUL are escaped. At most
 * one buffer of rows is held, so memory does not grow with the table.
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
    private final int columns;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private long rowCount;
    private boolean done;

    RowStream(ResultSet rows, int columns) {
        this.rows = rows;
        this.columns = columns;
    }

    long rowCount() {
        return rowCount;
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

    /** Formats rows until the buffer holds at least half its size; false at the end of the rows. */
    private boolean fill() throws IOException {
        position = 0;
        limit = 0;
        try {
            while (!done && limit < buffer.length / 2) {
                if (!rows.next()) {
                    done = true;
                    break;
                }
                for (int i = 1; i <= columns; i++) {
                    if (i > 1) {
                        put((byte) '\t');
                    }
                    byte[] value = rows.getBytes(i);
                    if (value == null) {
                        put((byte) '\\');
                        put((byte) 'N');
                    } else {
                        escape(value);
                    }
                }
                put((byte) '\n');
                rowCount++;
            }
        } catch (SQLException e) {
            throw new IOException("reading the masked copy failed: " + e.getMessage(), e);
        }
        return limit > 0;
    }

    /** Copies runs of ordinary bytes at once; most values (numbers, dates, words) are one run. */
    private void escape(byte[] value) {
        ensure(value.length * 2);
        int run = 0;
        for (int i = 0; i < value.length; i++) {
            byte escaped = ESCAPES[value[i] & 0xff];
            if (escaped != 0) {
                System.arraycopy(value, run, buffer, limit, i - run);
                limit += i - run;
                buffer[limit++] = '\\';
                buffer[limit++] = escaped;
                run = i + 1;
            }
        }
        System.arraycopy(value, run, buffer, limit, value.length - run);
        limit += value.length - run;
    }

    private void put(byte b) {
        ensure(1);
        buffer[limit++] = b;
    }

    private void ensure(int more) {
        if (limit + more > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, limit + more)];
            System.arraycopy(buffer, 0, bigger, 0, limit);
            buffer = bigger;
        }
    }
}
