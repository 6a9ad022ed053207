package snapmask.source;

import snapmask.config.MySqlServer;

/**
 * The temporary, restored copy that masking works on: a database on a server. {@code name} is what
 * the drop step removes (a scratch database, or an RDS instance id).
 */
public record RestoredCopy(String name, MySqlServer server, String database) {

    @Override
    public String toString() {
        return database + " on " + server.where() + " (" + name + ")";
    }
}
