package snapmask.source;

import snapmask.config.MySqlServer;

/**
 * The temporary, restored copy that masking works on: a database on a server. {@code name} is what
 * the drop step removes (a scratch database, or an RDS instance id). {@code server} is null while
 * the copy is being made (an RDS instance not yet available): the drop still finds it by name, and a
 * failure mail written then must still say which copy it was.
 */
public record RestoredCopy(String name, MySqlServer server, String database) {

    @Override
    public String toString() {
        return database + " on " + (server == null ? "a server not ready yet" : server.where()) + " (" + name + ")";
    }
}
