package snapmask.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Metabase's {@code GET /api/health} as the watch sees it, on 127.0.0.1: answers 200 ok, 503
 * initializing, 503 with an error, hangs without answering, or refuses connections (the server is
 * stopped and started again on the same port).
 */
public final class MetabaseFake implements AutoCloseable {

    public enum Answer { OK, INITIALIZING, ERROR, HANG, REFUSE }

    private final int port;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Answer answer = Answer.OK;
    private HttpServer server;

    public MetabaseFake() {
        this.port = freePort();
        startServer();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/api/health";
    }

    /** How the next checks are answered. */
    private final java.util.concurrent.atomic.AtomicInteger hanging = new java.util.concurrent.atomic.AtomicInteger();

    /** How many requests were left hanging so far. */
    public int hanging() {
        return hanging.get();
    }

    public synchronized void answer(Answer next) {
        if (next == Answer.REFUSE && server != null) {
            server.stop(0);
            server = null;
        } else if (next != Answer.REFUSE && server == null) {
            startServer();
        }
        answer = next;
    }

    private synchronized void startServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext("/api/health", this::handle);
        // a hanging answer must not block the next check
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        switch (answer) {
            case OK -> send(exchange, 200, "{\"status\":\"ok\"}");
            case INITIALIZING -> send(exchange, 503, "{\"status\":\"initializing\",\"progress\":0.42}");
            case ERROR -> send(exchange, 503, "{\"status\":\"error\",\"message\":\"Connection to application database lost\"}");
            case HANG -> {
                hanging.incrementAndGet();
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
            case REFUSE -> exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A port nothing listens on: connecting to it is refused. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        released.countDown();
        if (server != null) {
            server.stop(0);
        }
    }
}
