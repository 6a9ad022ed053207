package snapmask.load;

import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.testing.Masking;
import snapmask.testing.Engine;
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

/** A read-only BI account keeps reading through the swap, on a server that checks privileges, on each engine. */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class ReadOnlyUserTest {

    @Parameter
    Engine engine;

    private static PrivilegedDatabase server;
    private static MySqlServer snapmask;
    private static MySqlServer bi;
    private static MySqlServer analyst;

    @BeforeParameterizedClassInvocation
    static void serverWithPrivileges(Engine engine) throws SQLException {
        server = PrivilegedDatabase.on(engine);
        server.dropUser("bi");
        server.dropUser("analyst");
        server.runAsRoot("DROP DATABASE IF EXISTS analytics_bi", "CREATE DATABASE analytics_bi",
                "CREATE USER 'bi'@'127.0.0.1' IDENTIFIED BY 'bi-pw'",
                "GRANT SELECT ON analytics_bi.* TO 'bi'@'127.0.0.1'",
                "CREATE USER 'analyst'@'127.0.0.1' IDENTIFIED BY 'analyst-pw'");
        snapmask = server.snapmask();
        bi = server.as("bi", "bi-pw");
        analyst = server.as("analyst", "analyst-pw");
        try (Connection c = snapmask.connect(null)) {
            new SampleProduction(50, 7).create(c, "masked_copy");
        }
    }

    private static void load() {
        RunContext run = new RunContext("test", java.time.Clock.systemUTC());
        RestoredCopy copy = new RestoredCopy("masked_copy", snapmask, "masked_copy");
        AnalyticsLoader loader = new AnalyticsLoader(snapmask, "analytics_bi", 2, 1000);
        StagedLoad staged = loader.start(run, copy, Masking.nothingMasked(copy));
        loader.swap(run, staged, loader.load(run, staged), null);
    }

    private static long count(MySqlServer as, String sql) throws SQLException {
        try (Connection c = as.connect(null)) {
            return Sql.count(c, sql);
        }
    }

    @Test
    void the_bi_user_reads_before_and_after_the_swap_and_can_never_write() throws SQLException {
        load();
        server.runAsRoot("GRANT SELECT ON analytics_bi.users TO 'analyst'@'127.0.0.1'");
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
