package snapmask.source;

import snapmask.config.MySqlServer;

/**
 * A source whose production schema can be read without a run (the local source's database); the
 * rds and aurora sources have none until a restore. {@code snapmask plan} checks the rules on it.
 */
public interface ReadableSource {

    MySqlServer server();

    String database();
}
