package snapmask.load;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import snapmask.config.MySqlServer;
import snapmask.embedded.SampleProduction;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.source.RestoredCopy;
import snapmask.testing.PrivilegedDatabase;

import java.sql.Connection;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A read-only BI account keeps reading through the swap, on a server that checks privileges. */
class ReadOnlyUserTest {

    private static MySqlServer snapmask;
    private static MySqlServer bi;
    private static MySqlServer analyst;

    @BeforeAll
    static void serverWithPrivileges() throws SQLException {
        PrivilegedDatabase.server().runAsRoot("CREATE DATABASE analytics_bi;"
                + " CREATE USER 'bi'@'127.0.0.1' IDENTIFIED BY 'bi-pw';"
                + " GRANT SELECT ON analytics_bi.* TO 'bi'@'127.0.0.1';"
                + " CREATE USER 'analyst'@'127.0.0.1' IDENTIFIED BY 'analyst-pw';");
        snapmask = PrivilegedDatabase.snapmask();
        bi = PrivilegedDatabase.as("bi", "bi-pw");
        analyst = PrivilegedDatabase.as("analyst", "analyst-pw");
        try (Connection c = snapmask.connect(null)) {
            new SampleProduction(50, 7).create(c, "masked_copy");
        }
    }

    private static void load() {
        RunContext run = new RunContext("test");
        run.copy(new RestoredCopy("masked_copy", snapmask, "masked_copy"));
        new AnalyticsLoader(snapmask, "analytics_bi", 2, 1000).load(run);
    }

    private static long count(MySqlServer as, String sql) throws SQLException {
        try (Connection c = as.connect(null)) {
            return Sql.count(c, sql);
        }
    }

    @Test
    void the_bi_user_reads_before_and_after_the_swap_and_can_never_write() throws SQLException {
        load();
        PrivilegedDatabase.server().runAsRoot("GRANT SELECT ON analytics_bi.users TO 'analyst'@'127.0.0.1'");
        assertThat(count(bi, "SELECT COUNT(*) FROM analytics_bi.users")).isEqualTo(50);
        assertThat(count(analyst, "SELECT COUNT(*) FROM analytics_bi.users")).isEqualTo(50);

        try (Connection c = snapmask.connect(null)) {
            Sql.execute(c, "INSERT INTO masked_copy.users (id, username, email, password) VALUES (51, 'u51', 'e51', 'x')");
        }
        load();

        assertThat(count(bi, "SELECT COUNT(*) FROM analytics_bi.users")).isEqualTo(51);
        assertThat(count(analyst, "SELECT COUNT(*) FROM analytics_bi.users")).as("a table-level grant follows the name")
                .isEqualTo(51);
        try (Connection c = bi.connect(null)) {
            assertThatThrownBy(() -> Sql.execute(c, "INSERT INTO analytics_bi.categories (id, name, slug) VALUES (99, 'x', 'x')"))
                    .hasMessageContaining("INSERT command denied");
            assertThatThrownBy(() -> Sql.execute(c, "DROP TABLE analytics_bi.users")).hasMessageContaining("DROP command denied");
        }
    }
}
