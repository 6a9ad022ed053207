package snapmask.rds;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import snapmask.config.Settings;
import snapmask.testing.TestClock;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What snapmask may change or delete on RDS, asked before every such request of either source:
 * its own instances and clusters, never production, and a renamed-aside analytics one only after
 * the grace.
 */
@Tag("fast")
class OwnerGuardTest {

    private final TestClock clock = new TestClock();
    private final OwnerGuard guard = new OwnerGuard(settings(), clock);

    private static RdsSettings settings() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:snapmask/application.properties");
        Properties values = new Properties();
        values.put("snapmask.source", "rds");
        values.put("snapmask.rds.region", "eu-west-1");
        values.put("snapmask.rds.instance", "snapmask-prod");
        values.put("snapmask.rds.database", "app");
        values.put("snapmask.rds.instance-prefix", "snapmask");
        values.put("snapmask.output", "promote");
        values.put("snapmask.promote.instance", "analytics");
        values.put("snapmask.promote.grace", "2h");
        context.getPropertiesComponent().setOverrideProperties(values);
        return RdsSettings.from(new Settings(context));
    }

    @Test
    void what_a_run_made_is_snapmasks_production_never_is_even_with_snapmasks_prefix_and_tags() {
        List<software.amazon.awssdk.services.rds.model.Tag> made = guard.runTags("20261201-030000-abcd");

        assertThat(guard.mayTouch("snapmask-20261201-030000-abcd", made)).isTrue();
        assertThat(OwnerGuard.runOf(made)).isEqualTo("20261201-030000-abcd");
        assertThat(guard.mayTouch("snapmask-prod", made)).as("production, named like snapmask's").isFalse();
        assertThat(guard.mayTouch("snapmask-20261201-030000-abcd", List.of())).as("without the tags").isFalse();
        assertThat(guard.mayTouch("billing-20261201-030000-abcd", made)).as("without the prefix").isFalse();
        assertThatThrownBy(() -> guard.require("RDS instance", "snapmask-prod", made)).hasMessage(
                "refusing to touch RDS instance snapmask-prod: it lacks snapmask's tag snapmask:run-id or prefix snapmask-");
    }

    @Test
    void an_analytics_instance_renamed_aside_is_snapmasks_to_delete_only_once_the_grace_is_over() {
        List<software.amazon.awssdk.services.rds.model.Tag> retired = guard.retiredTags("20261201-030000-abcd");

        clock.advance(Duration.ofMinutes(119));
        assertThat(guard.mayTouch("analytics-old-20261201-030000-abcd", retired)).as("within the grace").isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(guard.mayTouch("analytics-old-20261201-030000-abcd", retired)).isTrue();
        assertThat(guard.mayTouch("analytics", retired)).as("the live analytics instance").isFalse();
    }
}
