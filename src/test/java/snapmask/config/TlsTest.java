package snapmask.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import snapmask.run.RunContext;
import snapmask.schema.Sql;
import snapmask.testing.DatabaseProcess;
import snapmask.testing.Engine;
import snapmask.testing.MySql8;
import snapmask.testing.OwnServer;
import snapmask.testing.TestApp;
import snapmask.testing.TestCa;
import snapmask.testing.TestDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * snapmask speaks TLS to analytics as RDS and Aurora MySQL 8.4 demand it: a MySQL 8 server with
 * require_secure_transport=ON, a certificate from a CA made here, and an account on
 * caching_sha2_password. The client verifies the server when told to, and never asks a server
 * for its RSA key over plaintext.
 */
class TlsTest {

    private static final Path DIR = snapmask.testing.TestDirs.of("test-tls").toAbsolutePath();
    private static final TestCa ca = TestCa.create(DIR.resolve("ca"), "snapmask test CA");
    @RegisterExtension
    static final OwnServer server = new OwnServer(TlsTest::tlsOnlyServer);

    private static DatabaseProcess tlsOnlyServer() {
        DatabaseProcess tlsOnly = MySql8.start(DIR.resolve("mysql"), List.of("--ssl-ca=" + ca.caPem, "--ssl-cert=" + ca.serverCertPem,
                "--ssl-key=" + ca.serverKeyPem, "--require-secure-transport=ON"));
        try (Connection c = tlsOnly.root().connect(null)) {
            Sql.execute(c, "CREATE USER 'snapmask'@'127.0.0.1' IDENTIFIED WITH caching_sha2_password BY 'tls-pw'");
            Sql.execute(c, "GRANT ALL ON *.* TO 'snapmask'@'127.0.0.1' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tlsOnly;
    }

    private static Map<String, String> settings(String analytics, String sslMode, Path caPem) {
        Map<String, String> settings = TestApp.settings(analytics, null);
        settings.put("snapmask.analytics.url", server.url());
        settings.put("snapmask.analytics.user", "snapmask");
        settings.put("snapmask.analytics.password", "tls-pw");
        settings.put("snapmask.analytics.ssl-mode", sslMode);
        if (caPem != null) {
            settings.put("snapmask.analytics.ssl-ca", caPem.toString());
        }
        return settings;
    }

    private static RunContext refresh(Map<String, String> settings) {
        try (TestApp app = TestApp.start(settings)) {
            return app.refresh();
        }
    }

    @Test
    void a_refresh_loads_analytics_over_tls_with_the_server_verified_against_the_ca_bundle() throws Exception {
        RunContext run = refresh(settings("analytics_tls", "verify-identity", ca.caPem));

        assertThat(run.failure()).isNull();
        assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
        MySqlServer analytics = new MySqlServer("t", server.url(), "snapmask", "tls-pw",
                Tls.from(settings(Map.of("x.ssl-ca", ca.caPem.toString(), "x.ssl-mode", "verify-identity")), "x"));
        try (Connection c = analytics.connect("analytics_tls")) {
            assertThat(Sql.count(c, "SELECT COUNT(*) FROM users")).isEqualTo(TestDatabase.SAMPLE_USERS);
            try (var st = c.createStatement(); var rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
                rs.next();
                assertThat(rs.getString(2)).startsWith("TLSv1.");
            }
        }
    }

    @Test
    void a_server_certificate_another_ca_signed_is_refused_and_nothing_is_loaded() {
        TestCa stranger = TestCa.create(DIR.resolve("stranger"), "some other CA");

        RunContext run = refresh(settings("analytics_tls_stranger", "verify-ca", stranger.caPem));

        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failedStep()).isEqualTo("lock");
        assertThat(run.failure()).hasMessageContaining("cannot reach the analytics server")
                .hasMessageContaining("Path does not chain with any of the trust anchors")
                .hasMessageContaining("check snapmask.analytics.ssl-ca");
    }

    @Test
    void without_tls_the_password_is_not_sent_and_the_failure_says_what_to_set() {
        RunContext run = refresh(settings("analytics_plain", "disabled", null));

        assertThat(run.status()).isEqualTo(RunContext.Status.FAILED);
        assertThat(run.failure()).hasMessageContaining("caching_sha2_password and the connection is not encrypted")
                .hasMessageContaining("set snapmask.analytics.ssl-mode to required or stronger");
    }

    @Test
    void the_client_never_asks_for_the_servers_rsa_key_over_plaintext() {
        // a fresh caching_sha2_password account on a server that allows plaintext: the password
        // could only go over plaintext with the server's RSA key, which a man in the middle could swap
        Engine.MYSQL8.execute("DROP USER IF EXISTS 'fresh'@'127.0.0.1'",
                "CREATE USER 'fresh'@'127.0.0.1' IDENTIFIED WITH caching_sha2_password BY 'fresh-pw'", "FLUSH PRIVILEGES");
        Settings s = settings(Map.of("x.url", MySql8.server().url(), "x.user", "fresh", "x.password", "fresh-pw",
                "x.ssl-mode", "disabled"));
        MySqlServer plaintext = MySqlServer.from(s, "x");

        assertThatThrownBy(() -> plaintext.connect(null).close()).hasMessageContaining("Public Key Retrieval is not allowed");
        MySqlServer encrypted = plaintext.withTls(Tls.from(settings(Map.of("x.ssl-mode", "required")), "x"));
        assertThat(count(encrypted)).isEqualTo(1);
    }

    @Test
    void a_wrong_mode_or_ca_file_is_named_with_its_key() {
        Settings s = settings(Map.of("snapmask.analytics.ssl-mode", "sometimes",
                "snapmask.analytics.ssl-ca", "/no/such/rds-global-bundle.pem"));
        Tls.from(s, "snapmask.analytics");

        assertThatThrownBy(s::failIfProblems)
                .hasMessageContaining("snapmask.analytics.ssl-mode")
                .hasMessageContaining("must be one of disabled, preferred, required, verify-ca, verify-identity")
                .hasMessageContaining("snapmask.analytics.ssl-ca")
                .hasMessageContaining("/no/such/rds-global-bundle.pem");
    }

    private static Settings settings(Map<String, String> values) {
        org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext();
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(values);
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    private static long count(MySqlServer server) {
        try (Connection c = server.connect(null)) {
            return Sql.count(c, "SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
