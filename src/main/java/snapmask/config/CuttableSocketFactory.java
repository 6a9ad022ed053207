package snapmask.config;

import com.mysql.cj.jdbc.ConnectionImpl;
import com.mysql.cj.protocol.StandardSocketFactory;

import java.io.IOException;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Connector/J's own socket factory, plus a way to cut a connection whose thread is blocked
 * writing. Connection.abort closes a TLS socket by sending close_notify, which waits for the
 * write lock that the blocked writer holds (a LOAD DATA LOCAL stream to a server that stopped
 * reading): it never returns. Closing the TCP socket underneath fails the write at once.
 */
public class CuttableSocketFactory extends StandardSocketFactory {

    /** Closes the TCP socket under {@code c} if it came from this factory, then aborts {@code c}. */
    public static void cut(Connection c) throws SQLException {
        try {
            if (c.unwrap(ConnectionImpl.class).getSession().getProtocol().getSocketConnection().getSocketFactory()
                    instanceof CuttableSocketFactory factory) {
                factory.closeRaw();
            }
        } catch (RuntimeException e) {
            // a closed connection has no session any more; abort below is all there is to do
        }
        c.abort(Runnable::run);
    }

    private void closeRaw() {
        Socket raw = rawSocket;
        if (raw != null) {
            try {
                raw.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }
}
