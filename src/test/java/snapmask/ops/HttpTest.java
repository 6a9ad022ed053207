package snapmask.ops;

import org.junit.jupiter.api.Test;
import snapmask.testing.EndpointProxy;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With snapmask.http.port, probes and Prometheus ask snapmask over HTTP: liveness, readiness (503
 * while the analytics server does not answer, 200 when it is back) and the metrics, whose counts are
 * the run history's.
 */
class HttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void health_follows_the_analytics_server_and_the_metrics_count_what_the_history_records() throws Exception {
        int server = Integer.parseInt(TestDatabase.jdbcUrl().replaceAll("^jdbc:mysql://[^:]+:(\\d+)/.*$", "$1"));
        AtomicInteger analyticsPort = new AtomicInteger(server);
        int http;
        try (ServerSocket free = new ServerSocket(0)) {
            http = free.getLocalPort();
        }
        try (EndpointProxy analytics = new EndpointProxy(analyticsPort::get)) {
            Map<String, String> settings = TestApp.settings("analytics_http", null);
            settings.put("snapmask.analytics.url", analytics.url());
            settings.put("snapmask.http.port", String.valueOf(http));
            // the analytics check gives up on a server that does not answer within this
            settings.put("snapmask.watch.connect-timeout", "1s");
            settings.put("snapmask.watch.read-timeout", "1s");
            try (TestApp app = TestApp.start(settings)) {
                app.refresh();
                app.refresh();
                app.refresh();

                HttpResponse<String> live = get(http, "/health/live");
                assertThat(live.statusCode()).isEqualTo(200);
                assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
                HttpResponse<String> ready = get(http, "/health/ready");
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
                assertThat(ready.body()).startsWith("{\"status\":\"UP\",\"checks\":[").contains("{\"id\":\"analytics\",\"state\":\"UP\"");

                HttpResponse<String> metrics = get(http, "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
                long succeeded = TestDatabase.count("SELECT COUNT(*) FROM analytics_http_history.runs WHERE status = 'SUCCEEDED'");
                assertThat(succeeded).isEqualTo(3);
                assertThat(sample(metrics.body(), "snapmask_runs_total\\{result=\"succeeded\"}")).isEqualTo(succeeded);
                assertThat(sample(metrics.body(), "snapmask_runs_total\\{result=\"failed\"}")).isZero();
                assertThat(sample(metrics.body(), "snapmask_run_duration_seconds_count\\{result=\"succeeded\"}")).isEqualTo(3);
                assertThat(sample(metrics.body(), "snapmask_rows_loaded\\{table=\"users\"}"))
                        .isEqualTo(TestDatabase.count("SELECT COUNT(*) FROM analytics_http.users"));
                assertThat(sample(metrics.body(), "snapmask_last_success_timestamp_seconds"))
                        .isEqualTo(TestDatabase.count("SELECT UNIX_TIMESTAMP(MAX(ended_at)) FROM analytics_http_history.runs"));
                assertThat(sample(metrics.body(), "snapmask_watch_target_up\\{target=\"analytics\"}")).isEqualTo(1);
                assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("snapmask_step_duration_seconds_count{step=\"load\"} 3");

                analyticsPort.set(1);
                HttpResponse<String> down = get(http, "/health/ready");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).startsWith("{\"status\":\"DOWN\"").contains("{\"id\":\"analytics\",\"state\":\"DOWN\"");
                assertThat(get(http, "/health/live").statusCode()).as("snapmask itself runs on").isEqualTo(200);

                analyticsPort.set(server);
                assertThat(get(http, "/health/ready").statusCode()).isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample in Prometheus' text format, as a whole number. */
    private static long sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.E+]+)$").matcher(text);
        assertThat(m.find()).as(series + " in\n" + text).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
