package snapmask.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.Optional;
import java.util.function.Function;

/**
 * A YAML file read node by node (not bound to classes), so that every error names the file and
 * line; errors are the file's own exception, made by {@code error}.
 */
public final class YamlNodes {

    private final String file;
    private final Function<String, RuntimeException> error;

    public YamlNodes(String file, Function<String, RuntimeException> error) {
        this.file = file;
        this.error = error;
    }

    /** The document's root, empty for an empty file. */
    public Optional<Node> root(String text) {
        try {
            return new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (YamlEngineException e) {
            throw error.apply(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
    }

    public MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m;
        }
        throw error.apply(at(node) + ": " + what + " must be a mapping (key: value lines)");
    }

    public String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        throw error.apply(at(node) + ": " + what + " must be a plain value");
    }

    public RuntimeException error(Node node, String message) {
        return error.apply(at(node) + ": " + message);
    }

    public static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public String at(Node node) {
        return file + " line " + line(node);
    }
}
