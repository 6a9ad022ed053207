package snapmask.rds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;
import snapmask.testing.Masking;
import snapmask.testing.OwnServer;
import snapmask.testing.DebianMariaDb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scrub on a MariaDB copy whose server collation is not the one a Connector/J session uses
 * (RDS for MariaDB, or any server with collation-server=utf8mb4_unicode_ci): its system views
 * compare in the server's collation. (The whole snapshot path, on a MySQL 8 copy, is in
 * ScrubbedCopyTest.)
 */
class CopyScrubTest {

    @RegisterExtension
    static final OwnServer instance = new OwnServer(() -> DebianMariaDb.startOwn("scrub"));

    @Test
    void a_mariadb_copy_on_utf8mb4_unicode_ci_is_scrubbed_and_checked() throws Exception {
        try (Connection c = instance.root().connect(null)) {
            for (String sql : List.of("CREATE DATABASE masked", "CREATE TABLE masked.t (id INT PRIMARY KEY)", "INSERT INTO masked.t VALUES (1)",
                    "CREATE DATABASE billing", "CREATE USER 'app'@'%' IDENTIFIED BY 'production-app-secret'", "CREATE ROLE reporting")) {
                Sql.execute(c, sql);
            }
        }
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());

        RestoredCopy masked = new RestoredCopy("snapmask-test", instance.root(), "masked");
        new CopyScrub(java.time.Clock.systemUTC()).scrub(run, masked, Masking.nothingMasked(masked));

        try (Connection c = instance.root().connect(null)) {
            assertThat(strings(c, "SHOW DATABASES")).contains("masked").doesNotContain("billing");
            assertThat(strings(c, "SELECT CONCAT(user, '@', host) FROM mysql.user")).doesNotContain("app@%")
                    .as("a role is no account").contains("reporting@");
        }
        assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("scrubbed before it is handed on: 1 other database(s),"
                + " 1 account(s) and 0 event(s) dropped"));
    }

    private static List<String> strings(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
