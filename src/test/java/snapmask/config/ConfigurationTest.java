package snapmask.config;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.apache.camel.main.Main;
import org.apache.camel.util.ObjectHelper;
import org.junit.jupiter.api.io.TempDir;
import snapmask.Snapmask;
import snapmask.run.RunContext;
import snapmask.testing.TestApp;
import snapmask.testing.TestDatabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** snapmask refuses to start on a wrong configuration and names every wrong key at once, each with what is wrong. */
@Tag("fast")
class ConfigurationTest {

    private static Map<String, String> settings() {
        return TestApp.settings("analytics_config", null);
    }

    @Test
    void every_wrong_value_is_named_in_one_message() {
        Map<String, String> settings = settings();
        settings.put("snapmask.schedule.cron", "0 0 25 * * ?");
        settings.put("snapmask.schedule.timezone", "Mars/Olympus");
        settings.put("snapmask.load.threads", "many");
        settings.put("snapmask.masking.strict", "yes");
        settings.put("snapmask.mail.to", "ops at example");
        settings.put("snapmask.mail.port", "smtp");
        settings.put("snapmask.watch.interval", "soon");
        settings.put("snapmask.watch.metabase.url", "ftp://metabase/api/health");
        settings.put("snapmask.analytics.database", "analytics-prod");
        settings.put("snapmask.local.database", "shop prod");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageStartingWith("10 problems in the configuration, one per line:")
                .hasMessageContaining("snapmask.schedule.cron is '0 0 25 * * ?', not a Quartz cron expression")
                .hasMessageContaining("snapmask.schedule.timezone is 'Mars/Olympus', not a time zone")
                .hasMessageContaining("snapmask.load.threads is 'many', not a whole number")
                .hasMessageContaining("snapmask.masking.strict is 'yes', must be true or false")
                .hasMessageContaining("snapmask.mail.to is 'ops at example', not a comma-separated list of e-mail addresses")
                .hasMessageContaining("snapmask.mail.port is 'smtp', not a port number")
                .hasMessageContaining("snapmask.watch.interval is 'soon', not a duration")
                .hasMessageContaining("snapmask.watch.metabase.url is 'ftp://metabase/api/health', not an http(s):// or jdbc:mysql:// URL")
                .hasMessageContaining("snapmask.analytics.database is 'analytics-prod', must be 1-64 letters, digits or _")
                .hasMessageContaining("snapmask.local.database is 'shop prod', must be 1-64 letters, digits, _, $ or -");
    }

    @Test
    void the_rds_source_needs_its_keys() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "rds");
        settings.put("snapmask.rds.snapshot-type", "latest");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageStartingWith("4 problems in the configuration")
                .hasMessageContaining("snapmask.rds.snapshot-type is 'latest', must be automated, manual or either")
                .hasMessageContaining("snapmask.rds.region is missing or empty")
                .hasMessageContaining("snapmask.rds.instance is missing or empty")
                .hasMessageContaining("snapmask.rds.database is missing or empty");
    }

    @Test
    void the_aurora_source_needs_its_cluster_and_a_known_method() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "aurora");
        settings.put("snapmask.aurora.method", "fast");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.aurora.method is 'fast', must be snapshot or clone")
                .hasMessageContaining("snapmask.aurora.cluster is missing or empty")
                .hasMessageNotContaining("snapmask.rds.instance");
    }

    @Test
    void a_key_id_without_its_secret_is_a_configuration_problem_that_says_where_the_secret_goes() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "rds");
        settings.put("snapmask.rds.access-key-id", "AKIDNOSECRET");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.rds.secret-access-key is missing, and snapmask.rds.access-key-id is set: give the"
                        + " secret in the environment as SNAPMASK_RDS_SECRET_ACCESS_KEY");
    }

    @Test
    void a_sanitized_snapshot_needs_an_aws_source_and_real_account_ids_and_promote_its_analytics_instance() {
        Map<String, String> local = settings();
        local.put("snapmask.output", "analytics, snapshot");
        assertThatThrownBy(() -> TestApp.start(local).close()).rootCause()
                .hasMessageContaining("snapmask.output names snapshot, which needs snapmask.source=rds or aurora");

        Map<String, String> rds = settings();
        rds.put("snapmask.source", "rds");
        rds.put("snapmask.output", "snapshot, promote, analytics");
        rds.put("snapmask.snapshot.share-with", "123456789012, staging-account");
        rds.put("snapmask.snapshot.keep", "0");
        assertThatThrownBy(() -> TestApp.start(rds).close()).rootCause()
                .hasMessageContaining("snapmask.output names analytics and promote: promote makes the masked copy the analytics instance")
                .hasMessageContaining("snapmask.promote.instance is missing or empty")
                .hasMessageContaining("snapmask.snapshot.share-with names 'staging-account', not an AWS account id (12 digits)")
                .hasMessageContaining("snapmask.snapshot.keep is 0, must be between 1 and 100");

        Map<String, String> localPromote = settings();
        localPromote.put("snapmask.output", "promote");
        assertThatThrownBy(() -> TestApp.start(localPromote).close()).rootCause()
                .hasMessageContaining("snapmask.output names promote, which needs snapmask.source=rds or aurora");

        Map<String, String> lookalike = settings();
        lookalike.put("snapmask.source", "rds");
        lookalike.put("snapmask.output", "promote");
        lookalike.put("snapmask.promote.instance", "snapmask-analytics");
        assertThatThrownBy(() -> TestApp.start(lookalike).close()).rootCause()
                .hasMessageContaining("snapmask.promote.instance is 'snapmask-analytics', which starts with snapmask.rds.instance-prefix");
    }

    @Test
    void wrong_storage_for_the_temporary_instance_is_named() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "rds");
        settings.put("snapmask.rds.storage-type", "ssd");
        settings.put("snapmask.rds.iops", "10");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.rds.storage-type is 'ssd', must be one of gp2, gp3, io1, io2, standard")
                .hasMessageContaining("snapmask.rds.iops is 10, must be between 1000 and 256000");
    }

    @Test
    void a_wrong_source_or_server_url_is_named() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "s3");
        settings.put("snapmask.analytics.url", "postgres://db/analytics");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.source is 's3', must be local, rds or aurora")
                .hasMessageContaining("snapmask.analytics.url is 'postgres://db/analytics', must start with jdbc:mysql://");
    }

    @Test
    void a_secret_file_that_cannot_be_read_is_named() {
        Map<String, String> settings = settings();
        settings.put("snapmask.analytics.password-file", "/nonexistent/analytics.pw");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.analytics.password-file names /nonexistent/analytics.pw, which cannot be read");
    }

    @Test
    void a_misspelled_key_is_refused_with_the_setting_it_resembles() {
        Map<String, String> settings = settings();
        settings.put("snapmask.mail.too", "ops@example.com");
        settings.put("snapmask.load.thread", "4");
        settings.put("snapmask.nonsense", "1");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageStartingWith("3 problems in the configuration")
                .hasMessageContaining("snapmask.mail.too is not a snapmask setting; did you mean snapmask.mail.to?")
                .hasMessageContaining("snapmask.load.thread is not a snapmask setting; did you mean snapmask.load.threads?")
                .hasMessageContaining("snapmask.nonsense is not a snapmask setting (every setting is listed in config/application.properties)");
    }

    @Test
    void a_watch_target_and_a_secret_file_are_settings() {
        Map<String, String> settings = settings();
        settings.put("snapmask.watch.targets", "bi, analytics");
        settings.put("snapmask.watch.bi.url", "http://bi:3000/api/health");
        settings.put("snapmask.masking.hash-key-file", "/nonexistent/hash.key");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageStartingWith("snapmask.masking.hash-key-file names /nonexistent/hash.key, which cannot be read");
    }

    /** An operator's file holds what is particular to the site; every other key keeps the default the shipped file documents. */
    @Test
    void a_file_with_only_the_site_keys_starts_with_the_documented_defaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.properties");
        Files.writeString(file, """
                snapmask.local.url = %s
                snapmask.local.database = %s
                snapmask.analytics.url = %s
                snapmask.analytics.ssl-mode = preferred
                snapmask.analytics.database = analytics_site
                snapmask.history.schema = analytics_site_history
                snapmask.watch.enabled = false
                """.formatted(TestDatabase.jdbcUrl(), TestDatabase.sampleProduction(), TestDatabase.jdbcUrl()));
        System.setProperty("snapmask.config", file.toString());
        try {
            // the service's routes, the schedule's included (it does not fire: not started)
            Main main = Snapmask.create(Map.of("snapmask.schedule.enabled", "false"));
            main.start();
            try {
                assertThat(main.getCamelContext().getName()).as("camel.main.* defaults apply too").isEqualTo("snapmask");
                assertThat(main.getCamelContext().getShutdownStrategy().getTimeout()).isEqualTo(60);
                var quartz = main.getCamelContext().getRoute("refresh-schedule").getEndpoint().getEndpointUri();
                assertThat(quartz).contains("cron=0+0+3+*+*+%3F").contains("trigger.timeZone=UTC");
                RunContext run = main.getCamelContext().createProducerTemplate().send("direct:refresh", e -> { })
                        .getProperty(RunContext.PROPERTY, RunContext.class);
                assertThat(run.status()).isEqualTo(RunContext.Status.SUCCEEDED);
            } finally {
                main.stop();
            }
        } finally {
            System.clearProperty("snapmask.config");
        }
    }

    @Test
    void a_problem_names_the_file_that_was_read(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.properties");
        Files.writeString(file, "snapmask.load.threads = 0\n");
        System.setProperty("snapmask.config", file.toString());
        try {
            assertThatThrownBy(() -> Snapmask.createWithoutSchedule(Map.of()).start())
                    .satisfies(e -> assertThat(ObjectHelper.getException(ConfigurationException.class, e)).isNotNull())
                    .hasStackTraceContaining("snapmask.load.threads is 0, must be between 1 and 16 (" + file + ")");
        } finally {
            System.clearProperty("snapmask.config");
        }
    }

    @Test
    void a_broken_rules_file_is_a_configuration_problem_with_file_and_line(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("masking.yaml");
        Files.writeString(rules, "tables:\n  users:\n    email: { kind: shout }\n");
        Map<String, String> settings = settings();
        settings.put("snapmask.masking.rules", rules.toString());
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause().isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("snapmask.masking.rules names rules snapmask cannot use: " + rules)
                .hasMessageContaining("shout");
    }
}
