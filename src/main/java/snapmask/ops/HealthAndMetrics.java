package snapmask.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What routes/http.camel.yaml answers (bean {@code http}): liveness (snapmask runs), readiness
 * (every Camel health check UP: routes, analytics reachable, last run, freshness, the watch's
 * targets, aws2-rds; the ones {@code snapmask health} reports) as 200 or 503 with the checks in
 * JSON, and the metrics in Prometheus' text format.
 */
public class HealthAndMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext camel;
    private final PrometheusMeterRegistry metrics;

    public HealthAndMetrics(CamelContext camel, PrometheusMeterRegistry metrics) {
        this.camel = camel;
        this.metrics = metrics;
    }

    public String live(Exchange exchange) throws Exception {
        boolean up = camel.getStatus() == ServiceStatus.Started;
        return answer(exchange, up, List.of());
    }

    public String ready(Exchange exchange) throws Exception {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(camel);
        return answer(exchange, results.stream().allMatch(r -> r.getState() == HealthCheck.State.UP), results);
    }

    public String metrics() {
        return metrics.scrape();
    }

    private static String answer(Exchange exchange, boolean up, Collection<HealthCheck.Result> results) throws Exception {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (!results.isEmpty()) {
            body.put("checks", results.stream().map(r -> {
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("id", r.getCheck().getId());
                check.put("state", r.getState().name());
                r.getMessage().ifPresent(m -> check.put("message", m));
                return check;
            }).toList());
        }
        return JSON.writeValueAsString(body);
    }
}
