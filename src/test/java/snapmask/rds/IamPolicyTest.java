package snapmask.rds;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.RdsException;
import snapmask.testing.RdsFake;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/iam-policy.json is what users attach, so the RDS fake of every test answers as AWS would under
 * it: a request it does not allow on each resource the request names (resource types as AWS's
 * Service Authorization Reference lists them, tag conditions on the fake's tags) is AccessDenied.
 * A call snapmask starts to make without a statement for it fails the test that makes it. Here: the
 * check bites where the policy means it to.
 */
@Tag("fast")
class IamPolicyTest {

    @Test
    void what_the_policy_does_not_allow_is_refused_as_aws_refuses_it() {
        try (RdsFake rds = new RdsFake(1).instance("prod", "available", Map.of())
                .instance("snapmask-20261201-030000-aaaa", "available", Map.of("snapmask:run-id", "20261201-030000-aaaa"))
                .snapshot("rds:prod-2026-12-01-03-00", "prod", "automated", Instant.parse("2026-12-01T03:00:00Z"), "available");
             RdsClient client = RdsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(rds.url()))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {

            assertThatThrownBy(() -> client.deleteDBInstance(b -> b.dbInstanceIdentifier("prod").skipFinalSnapshot(true)))
                    .as("production is only ever described").isInstanceOf(RdsException.class)
                    .hasMessageContaining("not authorized to perform: rds:DeleteDBInstance on resource: arn:aws:rds:eu-west-1:123456789012:db:prod");
            assertThatThrownBy(() -> client.restoreDBInstanceFromDBSnapshot(b -> b.dbInstanceIdentifier("prod-copy")
                    .dbSnapshotIdentifier("rds:prod-2026-12-01-03-00")))
                    .as("a restore into a name without snapmask's prefix")
                    .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> client.addTagsToResource(b -> b.resourceName("arn:aws:rds:eu-west-1:123456789012:db:prod")
                    .tags(t -> t.key("snapmask:run-id").value("x"))))
                    .as("tagging production as snapmask's own")
                    .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));

            client.deleteDBInstance(b -> b.dbInstanceIdentifier("snapmask-20261201-030000-aaaa").skipFinalSnapshot(true));
            assertThat(rds.denied()).containsExactly("rds:DeleteDBInstance arn:aws:rds:eu-west-1:123456789012:db:prod",
                    "rds:RestoreDBInstanceFromDBSnapshot arn:aws:rds:eu-west-1:123456789012:db:prod-copy",
                    "rds:AddTagsToResource arn:aws:rds:eu-west-1:123456789012:db:prod");
        }
    }
}
