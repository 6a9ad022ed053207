package snapmask.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.IntSupplier;

/**
 * Stands for an RDS endpoint name: each new connection goes to the port {@code target} names at that
 * moment, as a name resolves to whichever instance holds it. Connections made before a switch stay
 * where they are, as they do on AWS.
 */
public final class EndpointProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final IntSupplier target;

    public EndpointProxy(IntSupplier target) {
        this.target = target;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread accept = new Thread(this::accept, "endpoint-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "jdbc:mysql://127.0.0.1:" + listener.getLocalPort() + "/";
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int port = target.getAsInt();
                if (port < 0) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), port);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                // the listener closed, or the instance refused: the client sees its connection end
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread copy = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "endpoint-proxy-pipe");
        copy.setDaemon(true);
        copy.start();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
    }
}
