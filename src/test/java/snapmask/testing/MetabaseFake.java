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
 * stopped and started again on the same port). Also the part of Metabase's API snapmask calls after
 * a swap, as Metabase documents it: {@code GET /api/database} (a page {"data": [...]}), {@code POST
 * /api/database/:id/sync_schema} and {@code /rescan_values} (202 and {"status":"ok"}), {@code POST
 * /api/cache/invalidate?database=:id}, all with the {@code x-api-key} header (401 without the key),
 * and {@code POST /api/notify/db/:id} with {@code X-METABASE-APIKEY} (403 without it); each request
 * is recorded as "METHOD path?query".
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
        server.createContext("/api/", this::api);
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

    public static final String API_KEY = "mb_test_key_0123456789";
    private volatile String acceptedKey = API_KEY;
    /** The analytics database as Metabase lists it, with another database before it. */
    private volatile String databases = "{\"data\":[{\"id\":1,\"name\":\"Sample Database\",\"engine\":\"h2\",\"details\":{}},"
            + "{\"id\":7,\"name\":\"Analytics\",\"engine\":\"mysql\",\"details\":{\"dbname\":\"%s\"}}],\"total\":2}";
    private final java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String analyticsDb = "analytics";
    private volatile boolean cacheInvalidation = true;

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Metabase lists the analytics database under this name, as id 7. */
    public MetabaseFake analyticsDatabase(String name) {
        this.analyticsDb = name;
        return this;
    }

    /** Metabase accepts only {@code key} from now on (the key snapmask has was revoked). */
    public MetabaseFake acceptOnly(String key) {
        this.acceptedKey = key;
        return this;
    }

    /** false: a Metabase before 0.50, which answers 404 to cache invalidation. */
    public MetabaseFake cacheInvalidation(boolean offered) {
        this.cacheInvalidation = offered;
        return this;
    }

    /** The API requests answered (or refused), in order: "POST /api/database/7/sync_schema". */
    public java.util.List<String> requests() {
        return java.util.List.copyOf(requests);
    }

    private void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        if (answer == Answer.HANG || answer == Answer.REFUSE) {
            handle(exchange);
            return;
        }
        if (answer != Answer.OK) {
            send(exchange, 503, "{\"status\":\"initializing\"}");
            return;
        }
        boolean notify = path.startsWith("/api/notify/");
        String key = exchange.getRequestHeaders().getFirst(notify ? "X-METABASE-APIKEY" : "x-api-key");
        if (!acceptedKey.equals(key)) {
            send(exchange, notify ? 403 : 401, notify ? "Forbidden" : "Unauthenticated");
            return;
        }
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/api/database")) {
            send(exchange, 200, String.format(databases, analyticsDb));
        } else if (method.equals("POST") && path.matches("/api/database/7/(sync_schema|rescan_values)")) {
            send(exchange, 202, "{\"status\":\"ok\"}");
        } else if (method.equals("POST") && path.equals("/api/cache/invalidate") && "database=7".equals(query) && cacheInvalidation) {
            send(exchange, 200, "{\"count\":3,\"message\":\"Invalidated 3 cache entries\"}");
        } else if (method.equals("POST") && path.equals("/api/notify/db/7")) {
            send(exchange, 200, "{\"success\":true}");
        } else {
            send(exchange, 404, "API endpoint does not exist.");
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
