package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.embedded.EmbeddedMariaDb;
import snapmask.embedded.SampleProduction;
import snapmask.schema.Sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One embedded MariaDB for the whole test JVM (starting one takes about 10 s), holding a sample
 * "production" database that tests only read. Tests that write use databases of their own.
 */
public final class TestDatabase {

    public static final String PRODUCTION = "production";
    public static final int SAMPLE_USERS = 1000;

    private static EmbeddedMariaDb server;
    private static boolean sampleCreated;

    private TestDatabase() {
    }

    public static synchronized EmbeddedMariaDb server() {
        if (server == null) {
            server = EmbeddedMariaDb.start(Path.of("target/test-mariadb"));
            EmbeddedMariaDb started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }

    public static String jdbcUrl() {
        return server().jdbcUrl();
    }

    public static MySqlServer mysqlServer() {
        return new MySqlServer("test", jdbcUrl(), "root", "");
    }

    public static Connection connect() throws SQLException {
        return mysqlServer().connect(null);
    }

    /** The shared sample production database; read it, never write it. */
    public static synchronized String sampleProduction() {
        if (!sampleCreated) {
            try (Connection c = connect()) {
                new SampleProduction(SAMPLE_USERS, 42).create(c, PRODUCTION);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create the sample production database", e);
            }
            sampleCreated = true;
        }
        return PRODUCTION;
    }

    public static void execute(String... statements) {
        try (Connection c = connect()) {
            for (String sql : statements) {
                Sql.execute(c, sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static void recreate(String database) {
        execute("DROP DATABASE IF EXISTS " + Sql.name(database), "CREATE DATABASE " + Sql.name(database));
    }

    /** A copy of a database with its foreign keys, as a restored RDS instance would hold it. */
    public static void copyDatabase(String from, String to) {
        try (Connection c = connect()) {
            snapmask.schema.SchemaReader schema = new snapmask.schema.SchemaReader(c);
            Sql.execute(c, "DROP DATABASE IF EXISTS " + Sql.name(to));
            Sql.execute(c, "CREATE DATABASE " + Sql.name(to));
            Sql.execute(c, "SET SESSION FOREIGN_KEY_CHECKS = 0");
            Sql.execute(c, "USE " + Sql.name(to));
            for (String table : schema.tables(from)) {
                Sql.execute(c, schema.createTable(from, table));
                Sql.execute(c, "INSERT INTO " + Sql.name(table) + " SELECT * FROM " + Sql.name(from) + "." + Sql.name(table));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static long count(String sql) {
        try (Connection c = connect()) {
            return Sql.count(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public static List<String> databasesLike(String pattern) {
        try (Connection c = connect()) {
            return new snapmask.schema.SchemaReader(c).databasesLike(pattern);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** COUNT(*) of every base table of a database. */
    public static Map<String, Long> rowCounts(String database) {
        try (Connection c = connect()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : new snapmask.schema.SchemaReader(c).tables(database)) {
                counts.put(table, Sql.count(c, "SELECT COUNT(*) FROM " + Sql.name(database) + "." + Sql.name(table)));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Rows of a query as maps of column label to string value, for readable assertions. */
    public static List<Map<String, String>> rows(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, String>> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The usernames and e-mails of the sample production database. */
    public static Set<String> personalValues() {
        try (Connection c = connect()) {
            return SampleProduction.personalValues(c, sampleProduction());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
