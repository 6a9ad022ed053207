package snapmask.watch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A health URL such as Metabase's {@code /api/health}: 2xx is up; 503 with
 * {@code "status":"initializing"} is starting; any other answer, a refused connection or no answer
 * within the timeouts is down.
 */
public final class HttpHealthTarget extends WatchTarget {

    private static final Pattern INITIALIZING = Pattern.compile("\"status\"\\s*:\\s*\"initializing\"");
    private static final int BODY_SHOWN = 500;

    private final URI url;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HttpClient client;

    public HttpHealthTarget(String name, URI url, Duration connectTimeout, Duration readTimeout) {
        super(name);
        this.url = url;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        // HTTP/1.1: a health endpoint behind a plain proxy should not see an h2c upgrade attempt
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String checks() {
        return "GET " + url + " (connect timeout " + seconds(connectTimeout) + ", read timeout " + seconds(readTimeout) + ")";
    }

    @Override
    public Probe probe() {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String answer = "HTTP " + response.statusCode() + ": " + shown(response.body());
            if (response.statusCode() / 100 == 2) {
                return Probe.up(answer);
            }
            if (response.statusCode() == 503 && INITIALIZING.matcher(response.body()).find()) {
                return Probe.starting(answer);
            }
            return Probe.down(answer);
        } catch (HttpConnectTimeoutException e) {
            return Probe.down("no connection within " + seconds(connectTimeout) + " (connect timeout)");
        } catch (HttpTimeoutException e) {
            return Probe.down("no answer within " + seconds(readTimeout) + " (read timeout)");
        } catch (ConnectException e) {
            return Probe.down("connection refused" + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (IOException e) {
            return Probe.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.down("check interrupted (snapmask is stopping)");
        }
    }

    private static String shown(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= BODY_SHOWN ? oneLine : oneLine.substring(0, BODY_SHOWN) + "...";
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
