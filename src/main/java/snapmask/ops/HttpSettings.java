package snapmask.ops;

import snapmask.config.ConfigurationException;
import snapmask.config.Settings;

import java.util.Optional;

/** snapmask.http.*: where /health/live, /health/ready and /metrics are served; no port, no HTTP. */
public record HttpSettings(Optional<Integer> port, String host) {

    public static HttpSettings from(Settings s) {
        Optional<Integer> port = s.optional("snapmask.http.port").map(p -> s.integer("snapmask.http.port", 1, 65535));
        String host = s.string("snapmask.http.host");
        if (!host.matches("[A-Za-z0-9.:-]{1,255}")) {
            s.problem(new ConfigurationException("snapmask.http.host", "is '" + host + "', not a host name or address"), null);
        }
        return new HttpSettings(port, host);
    }
}
