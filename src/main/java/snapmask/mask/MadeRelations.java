package snapmask.mask;

import snapmask.config.MySqlServer;

import java.util.List;

/**
 * Tables and views something made in a database on {@code server} (the analytics scripts, in
 * staging), for the schema guard to judge as it judges production's tables.
 */
public interface MadeRelations {

    MySqlServer server();

    String database();

    List<String> tables();

    List<String> views();
}
