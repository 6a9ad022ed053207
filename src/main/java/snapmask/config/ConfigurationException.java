package snapmask.config;

/** A setting that cannot be used; the message starts with the key so ops can grep for it. */
public class ConfigurationException extends IllegalArgumentException {

    public ConfigurationException(String key, String problem) {
        super(key + " " + problem + " (config/application.properties)");
    }
}
