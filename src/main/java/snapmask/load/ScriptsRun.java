package snapmask.load;

import snapmask.config.MySqlServer;
import snapmask.mask.MadeRelations;

import java.nio.file.Path;
import java.util.List;

/**
 * What the analytics scripts made in the staging database on {@code server}: tables, which swap in
 * with the data, and views, defined in analytics after the swap. The leak check looks at both.
 */
public record ScriptsRun(MySqlServer server, String database, List<Path> scripts, List<String> tables, List<String> views)
        implements MadeRelations {

    public static ScriptsRun none(MySqlServer server, String database) {
        return new ScriptsRun(server, database, List.of(), List.of(), List.of());
    }
}
