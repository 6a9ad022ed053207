package snapmask.config;

import java.util.List;

/** A setting that cannot be used; the message starts with the key so ops can grep for it. */
public class ConfigurationException extends IllegalArgumentException {

    private final String key;

    public ConfigurationException(String key, String problem) {
        super(key + " " + problem + " (" + Settings.file() + ")");
        this.key = key;
    }

    private ConfigurationException(List<ConfigurationException> problems) {
        super(problems.size() + " problems in the configuration, one per line:\n  " + String.join("\n  ",
                problems.stream().map(ConfigurationException::getMessage).toList()));
        this.key = problems.get(0).key;
    }

    /** All problems found at start in one exception, so they are fixed in one go. */
    public static ConfigurationException of(List<ConfigurationException> problems) {
        return problems.size() == 1 ? problems.get(0) : new ConfigurationException(problems);
    }

    /** The key the (first) problem is about. */
    public String key() {
        return key;
    }
}
