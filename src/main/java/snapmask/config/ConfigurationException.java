package snapmask.config;

/** A setting that cannot be used; the message starts with the key so ops can grep for it. */
public class ConfigurationException extends IllegalArgumentException {

    private final String key;

    public ConfigurationException(String key, String problem) {
        super(key + " " + problem + " (config/application.properties)");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
