package snapmask.config;

import org.junit.jupiter.api.Test;
import snapmask.testing.TestApp;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** snapmask refuses to start on a wrong configuration and names every wrong key at once, each with what is wrong. */
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
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageStartingWith("9 problems in the configuration, one per line:")
                .hasMessageContaining("snapmask.schedule.cron is '0 0 25 * * ?', not a Quartz cron expression")
                .hasMessageContaining("snapmask.schedule.timezone is 'Mars/Olympus', not a time zone")
                .hasMessageContaining("snapmask.load.threads is 'many', not a whole number")
                .hasMessageContaining("snapmask.masking.strict is 'yes', must be true or false")
                .hasMessageContaining("snapmask.mail.to is 'ops at example', not a comma-separated list of e-mail addresses")
                .hasMessageContaining("snapmask.mail.port is 'smtp', not a port number")
                .hasMessageContaining("snapmask.watch.interval is 'soon', not a duration")
                .hasMessageContaining("snapmask.watch.metabase.url is 'ftp://metabase/api/health', not an http(s):// or jdbc:mysql:// URL")
                .hasMessageContaining("snapmask.analytics.database is 'analytics-prod', must be 1-64 letters, digits or _");
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
    void a_wrong_source_or_server_url_is_named() {
        Map<String, String> settings = settings();
        settings.put("snapmask.source", "s3");
        settings.put("snapmask.analytics.url", "postgres://db/analytics");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.source is 's3', must be local or rds")
                .hasMessageContaining("snapmask.analytics.url is 'postgres://db/analytics', must start with jdbc:mysql://");
    }

    @Test
    void a_secret_file_that_cannot_be_read_is_named() {
        Map<String, String> settings = settings();
        settings.put("snapmask.analytics.password-file", "/nonexistent/analytics.pw");
        assertThatThrownBy(() -> TestApp.start(settings).close()).rootCause()
                .hasMessageContaining("snapmask.analytics.password-file names /nonexistent/analytics.pw, which cannot be read");
    }
}
