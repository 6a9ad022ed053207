package snapmask.config;

import com.mysql.cj.jdbc.MysqlDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a MySQL-compatible server is and how to log in: the work server that holds the restored
 * copy, or the analytics server. Connections are opened per step; a nightly job does not need a pool.
 */
public record MySqlServer(String name, String url, String user, String password) {

    /** Options every snapmask connection needs: streaming reads, fast batches, honest time zones. */
    private static final String OPTIONS = "rewriteBatchedStatements=true&useCursorFetch=false"
            + "&connectionTimeZone=SERVER&allowPublicKeyRetrieval=true"
            + "&connectTimeout=10000&useSSL=false&tinyInt1isBit=false";

    public static MySqlServer from(Settings settings, String prefix) {
        String url = settings.required(prefix + ".url");
        if (!url.startsWith("jdbc:mysql://") && !url.startsWith("jdbc:mariadb://")) {
            throw new ConfigurationException(prefix + ".url", "is '" + url + "', must start with jdbc:mysql://");
        }
        return new MySqlServer(prefix, url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"),
                settings.string(prefix + ".user", "root"), settings.secret(prefix + ".password"));
    }

    /** A data source on the given database, or on no database when {@code database} is null. */
    public MysqlDataSource dataSource(String database) {
        MysqlDataSource ds = new MysqlDataSource();
        ds.setURL(urlFor(database));
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    public Connection connect(String database) throws SQLException {
        return dataSource(database).getConnection();
    }

    /**
     * A connection that may answer LOAD DATA LOCAL from a stream snapmask hands it. Only for the
     * analytics server, which snapmask trusts: a hostile server could ask a LOCAL-enabled client for files.
     */
    public Connection connectForBulkLoad(String database) throws SQLException {
        MysqlDataSource ds = dataSource(database);
        ds.setAllowLoadLocalInfile(true);
        return ds.getConnection();
    }

    String urlFor(String database) {
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) + "&" : "";
        String hostPart = base.substring("jdbc:mysql://".length());
        int slash = hostPart.indexOf('/');
        String hosts = slash < 0 ? hostPart : hostPart.substring(0, slash);
        return "jdbc:mysql://" + hosts + "/" + (database == null ? "" : database) + "?" + query + OPTIONS;
    }

    /** Host and port for messages; never the password. */
    public String where() {
        String hostPart = url.substring(url.indexOf("//") + 2);
        int end = hostPart.indexOf('/');
        return end < 0 ? hostPart : hostPart.substring(0, end);
    }

    @Override
    public String toString() {
        return name + "@" + where();
    }
}
