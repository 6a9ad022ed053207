package snapmask.config;

import com.mysql.cj.jdbc.MysqlDataSource;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a MySQL-compatible server is and how to log in: the work server that holds the restored
 * copy, or the analytics server. Connections are opened per step; a nightly job does not need a pool.
 */
public record MySqlServer(String name, String url, String user, String password, Tls tls) {

    /** Options every snapmask connection needs: streaming reads, fast batches, honest time zones. */
    private static final String OPTIONS = "rewriteBatchedStatements=true&useCursorFetch=false"
            + "&connectionTimeZone=SERVER&connectTimeout=10000&tinyInt1isBit=false";

    /** A server spoken to with TLS when it offers it ({@link Tls#PREFERRED}). */
    public MySqlServer(String name, String url, String user, String password) {
        this(name, url, user, password, Tls.PREFERRED);
    }

    /** {@code <prefix>.url}, {@code .user}, {@code .password}, {@code .ssl-mode}, {@code .ssl-ca}. */
    public static MySqlServer from(Settings settings, String prefix) {
        return from(settings, prefix, true);
    }

    /** As {@link #from(Settings, String)}; the URL and user are required only when the server is {@code needed}. */
    public static MySqlServer from(Settings settings, String prefix, boolean needed) {
        String url = settings.requiredWhen(needed, prefix + ".url");
        if (!url.isEmpty() && !url.startsWith("jdbc:mysql://") && !url.startsWith("jdbc:mariadb://")) {
            settings.problem(new ConfigurationException(prefix + ".url", "is '" + url + "', must start with jdbc:mysql://"), null);
        }
        return new MySqlServer(prefix, url.replaceFirst("^jdbc:mariadb:", "jdbc:mysql:"),
                settings.requiredWhen(needed, prefix + ".user"), settings.secret(prefix + ".password"),
                Tls.from(settings, prefix));
    }

    /** The same server and account, with other TLS settings. */
    public MySqlServer withTls(Tls other) {
        return new MySqlServer(name, url, user, password, other);
    }

    /** A data source on the given database, or on no database when {@code database} is null. */
    public MysqlDataSource dataSource(String database) {
        MysqlDataSource ds = new MysqlDataSource();
        ds.setURL(urlFor(database));
        ds.setUser(user);
        ds.setPassword(password);
        tls.apply(ds);
        try {
            ds.setSocketFactory(CuttableSocketFactory.class.getName());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }

    public Connection connect(String database) throws SQLException {
        try {
            return dataSource(database).getConnection();
        } catch (SQLException e) {
            throw explained(e);
        }
    }

    /** Connector/J's "Communications link failure" hides a TLS refusal in its causes; say it, and what to set. */
    private SQLException explained(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String hint = null;
        if (String.valueOf(e.getMessage()).contains("Public Key Retrieval is not allowed")) {
            hint = "the account uses caching_sha2_password and the connection is not encrypted; snapmask never fetches the"
                    + " server's key over plaintext: set " + name + ".ssl-mode to required or stronger";
        } else if (root instanceof java.security.cert.CertificateException || root instanceof javax.net.ssl.SSLException
                || root instanceof java.security.cert.CertPathValidatorException) {
            hint = "TLS with " + where() + " failed (" + tls + "): " + root.getMessage() + "; check " + name + ".ssl-ca (for RDS,"
                    + " the global bundle) and " + name + ".ssl-mode";
        }
        return hint == null ? e : new SQLException(e.getMessage() + ": " + hint, e.getSQLState(), e.getErrorCode(), e);
    }

    /**
     * A connection that may answer LOAD DATA LOCAL from a stream snapmask hands it. Only for servers
     * snapmask trusts, the analytics server and the temporary copy it made itself: a hostile server
     * could ask a LOCAL-enabled client for files. (Connector/J ignores a statement's stream when
     * LOCAL is only allowed inside a directory, so that narrower setting cannot be used.)
     */
    public Connection connectForBulkLoad(String database) throws SQLException {
        MysqlDataSource ds = dataSource(database);
        ds.setAllowLoadLocalInfile(true);
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw explained(e);
        }
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
