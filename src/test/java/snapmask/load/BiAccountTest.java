package snapmask.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import snapmask.config.MySqlServer;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.testing.Engine;
import snapmask.testing.PrivilegedDatabase;
import snapmask.testing.TestApp;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each run leaves the BI account able to SELECT on analytics and nothing else, on a server that
 * checks privileges, on each engine (MySQL 8 has its own account syntax and dynamic privileges).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("snapmask.testing.Engine#selected")
class BiAccountTest {

    @Parameter
    Engine engine;

    private PrivilegedDatabase server() {
        return PrivilegedDatabase.on(engine);
    }

    private Map<String, String> settings(String analyticsDb, String biUser) {
        Map<String, String> settings = TestApp.settings(analyticsDb, null);
        String url = server().jdbcUrl();
        settings.put("snapmask.local.url", url);
        settings.put("snapmask.local.user", "snapmask");
        settings.put("snapmask.local.password", "snapmask-pw");
        settings.put("snapmask.local.database", PrivilegedDatabase.PRODUCTION);
        settings.put("snapmask.analytics.url", url);
        settings.put("snapmask.analytics.user", "snapmask");
        settings.put("snapmask.analytics.password", "snapmask-pw");
        settings.put("snapmask.analytics.bi-user", biUser);
        settings.put("snapmask.analytics.bi-host", "127.0.0.1");
        settings.put("snapmask.analytics.bi-password", biUser + "-pw");
        return settings;
    }

    private static RunContext refresh(Map<String, String> settings) {
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    private List<String> grants(String user) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (Connection c = server().snapmask().connect(null); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW GRANTS FOR '" + user + "'@'127.0.0.1'")) {
            while (r.next()) {
                grants.add(r.getString(1).replaceAll(" IDENTIFIED BY PASSWORD '[^']*'", ""));
            }
        }
        return grants;
    }

    @Test
    void a_run_creates_the_bi_account_which_reads_analytics_and_the_kpi_history_and_can_neither_write_nor_read_the_run_history() throws SQLException {
        server().dropUser("metabase");
        RunContext run = refresh(settings("analytics_biacct", "metabase"));
        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);

        MySqlServer metabase = server().as("metabase", "metabase-pw");
        try (Connection c = metabase.connect(null)) {
            assertThat(Sql.count(c, "SELECT COUNT(*) FROM analytics_biacct.users")).isEqualTo(PrivilegedDatabase.SAMPLE_USERS);
            assertThatThrownBy(() -> Sql.execute(c, "INSERT INTO analytics_biacct.categories (id, name, slug) VALUES (99, 'x', 'x')"))
                    .hasMessageContaining("INSERT command denied");
            assertThatThrownBy(() -> Sql.execute(c, "DROP TABLE analytics_biacct.users")).hasMessageContaining("DROP command denied");
            assertThatThrownBy(() -> Sql.count(c, "SELECT COUNT(*) FROM analytics_biacct_history.runs"))
                    .hasMessageContaining("denied");
        }
        assertThat(grants("metabase")).containsExactlyInAnyOrder("GRANT USAGE ON *.* TO `metabase`@`127.0.0.1`",
                "GRANT SELECT, EXECUTE ON `analytics_biacct`.* TO `metabase`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biacct_history`.`kpi_values` TO `metabase`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biacct_history`.`refreshes` TO `metabase`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biacct_history`.`data_as_of` TO `metabase`@`127.0.0.1`");
    }

    @Test
    void grants_beyond_select_on_analytics_are_revoked_at_the_next_run() throws SQLException {
        server().dropUser("oldbi");
        server().runAsRoot("CREATE USER 'oldbi'@'127.0.0.1' IDENTIFIED BY 'kept-pw'",
                "GRANT INSERT, DELETE ON analytics_biextra.* TO 'oldbi'@'127.0.0.1'",
                "GRANT SELECT ON analytics_biextra_history.* TO 'oldbi'@'127.0.0.1'",
                "GRANT PROCESS ON *.* TO 'oldbi'@'127.0.0.1'");
        RunContext run = refresh(settings("analytics_biextra", "oldbi"));
        assertThat(run.status()).as(String.valueOf(run.failure())).isEqualTo(RunContext.Status.SUCCEEDED);

        assertThat(grants("oldbi")).as("the KPI history, not the whole history schema").containsExactlyInAnyOrder(
                "GRANT USAGE ON *.* TO `oldbi`@`127.0.0.1`", "GRANT SELECT, EXECUTE ON `analytics_biextra`.* TO `oldbi`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biextra_history`.`kpi_values` TO `oldbi`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biextra_history`.`refreshes` TO `oldbi`@`127.0.0.1`",
                "GRANT SELECT ON `analytics_biextra_history`.`data_as_of` TO `oldbi`@`127.0.0.1`");
        try (Connection c = server().as("oldbi", "kept-pw").connect(null)) {
            assertThat(Sql.count(c, "SELECT COUNT(*) FROM analytics_biextra.users")).as("the existing password is kept")
                    .isEqualTo(PrivilegedDatabase.SAMPLE_USERS);
            assertThatThrownBy(() -> Sql.execute(c, "DELETE FROM analytics_biextra.users")).hasMessageContaining("DELETE command denied");
        }
    }

    @Test
    void an_account_that_does_not_exist_and_has_no_password_fails_the_run_naming_the_key() {
        server().dropUser("nobody_yet");
        Map<String, String> settings = settings("analytics_binopw", "nobody_yet");
        settings.remove("snapmask.analytics.bi-password");
        RunContext run = refresh(settings);
        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("bi-account");
        assertThat(run.failure()).hasMessageContaining("BI account nobody_yet@127.0.0.1 does not exist and"
                + " snapmask.analytics.bi-password is not set");
    }
}
