package snapmask.rds;

import org.junit.jupiter.api.Tag;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import snapmask.rds.component.Aws2RdsConstants;
import snapmask.rds.component.Aws2RdsException;
import snapmask.rds.component.Aws2RdsOperations;
import snapmask.testing.RdsFake;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The aws2-rds component on its own: options, headers, pojo requests, the SDK response as body. */
@Tag("fast")
class Aws2RdsComponentTest {

    private RdsFake rds;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        rds = new RdsFake(3306)
                .instance("prod", "available", Map.of("team", "web"))
                .snapshot("rds:prod-1", "prod", "automated", Instant.parse("2026-11-24T03:00:00Z"), "available")
                .snapshot("manual-1", "prod", "manual", Instant.parse("2026-11-24T04:00:00Z"), "available");
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        rds.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String endpoint(String operation) {
        return "aws2-rds:test?region=eu-west-1&overrideEndpoint=true&uriEndpointOverride=" + rds.url() + "&operation=" + operation;
    }

    @Test
    void a_pojo_request_is_sent_as_is_and_the_sdk_response_comes_back() {
        DescribeDbSnapshotsResponse response = template.requestBody(endpoint("describeDBSnapshots") + "&pojoRequest=true",
                DescribeDbSnapshotsRequest.builder().dbInstanceIdentifier("prod").snapshotType("manual").build(),
                DescribeDbSnapshotsResponse.class);
        assertThat(response.dbSnapshots()).extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("manual-1");
        assertThat(rds.requests("DescribeDBSnapshots").get(0)).containsEntry("SnapshotType", "manual")
                .containsEntry("DBInstanceIdentifier", "prod");
    }

    @Test
    void a_describe_follows_every_marker_and_answers_with_all_pages_at_once() {
        rds.pageSize(1).instance("snapmask-a", "available", Map.of()).instance("snapmask-b", "deleting", Map.of());
        DescribeDbInstancesResponse instances = template.requestBody(endpoint("describeDBInstances") + "&pojoRequest=true",
                DescribeDbInstancesRequest.builder().build(), DescribeDbInstancesResponse.class);
        assertThat(instances.dbInstances()).extracting(DBInstance::dbInstanceIdentifier)
                .containsExactly("prod", "snapmask-a", "snapmask-b");
        assertThat(rds.requests("DescribeDBInstances")).extracting(r -> r.get("Marker"))
                .containsExactly(null, "page-1", "page-2");
        DescribeDbSnapshotsResponse snapshots = template.requestBodyAndHeader(endpoint("describeDBSnapshots"), null,
                Aws2RdsConstants.DB_INSTANCE_IDENTIFIER, "prod", DescribeDbSnapshotsResponse.class);
        assertThat(snapshots.dbSnapshots()).extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("rds:prod-1", "manual-1");
        assertThat(rds.requests("DescribeDBSnapshots")).hasSize(2);
    }

    @Test
    void without_pojo_request_the_request_is_built_from_headers() {
        DescribeDbInstancesResponse response = template.requestBodyAndHeader(endpoint("describeDBInstances"), null,
                Aws2RdsConstants.DB_INSTANCE_IDENTIFIER, "prod", DescribeDbInstancesResponse.class);
        assertThat(response.dbInstances()).singleElement().satisfies(i -> assertThat(i.dbInstanceStatus()).isEqualTo("available"));
    }

    @Test
    void the_operation_header_wins_over_the_uri() {
        ListTagsForResourceResponse tags = template.requestBodyAndHeaders(endpoint("describeDBSnapshots"), null, Map.of(
                Aws2RdsConstants.OPERATION, Aws2RdsOperations.listTagsForResource,
                Aws2RdsConstants.RESOURCE_NAME, "arn:aws:rds:eu-west-1:123456789012:db:prod"), ListTagsForResourceResponse.class);
        assertThat(tags.tagList()).singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=web"));
    }

    @Test
    void a_client_from_the_registry_is_used_when_named() {
        RdsClient client = RdsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(rds.url()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        camel.getRegistry().bind("myRds", client);
        DescribeDbSnapshotsResponse response = template.requestBodyAndHeader(
                "aws2-rds:test?rdsClient=#myRds&operation=describeDBSnapshots", null,
                Aws2RdsConstants.SNAPSHOT_TYPE, "automated", DescribeDbSnapshotsResponse.class);
        assertThat(response.dbSnapshots()).extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("rds:prod-1");
    }

    @Test
    void an_aws_error_names_operation_and_code_and_keeps_the_sdk_exception() {
        assertThatThrownBy(() -> template.requestBodyAndHeader(endpoint("describeDBInstances"), null,
                Aws2RdsConstants.DB_INSTANCE_IDENTIFIER, "nope"))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(Aws2RdsException.class)
                .hasMessageStartingWith("RDS describeDBInstances failed: DBInstanceNotFound: ")
                .satisfies(e -> assertThat(((Aws2RdsException) e).errorCode()).isEqualTo("DBInstanceNotFound"))
                .cause().isInstanceOf(RdsException.class)
                .satisfies(e -> assertThat(((RdsException) e).awsErrorDetails().errorCode()).isEqualTo("DBInstanceNotFound"));
    }

    @Test
    void instance_changing_operations_need_a_pojo_request_and_every_call_needs_an_operation() {
        assertThatThrownBy(() -> template.requestBody(endpoint("restoreDBInstanceFromDBSnapshot"), "x"))
                .cause().hasMessageContaining("RestoreDbInstanceFromDbSnapshotRequest needs pojoRequest=true");
        assertThatThrownBy(() -> template.requestBody("aws2-rds:test?region=eu-west-1", "x"))
                .cause().hasMessageContaining("no operation");
        assertThat(rds.requests()).isEmpty();
    }

    @Test
    void a_misspelt_option_fails_at_start_with_camels_message_naming_it() {
        assertThatThrownBy(() -> camel.getEndpoint("aws2-rds:test?operaton=describeDBInstances"))
                .isInstanceOf(org.apache.camel.ResolveEndpointFailedException.class)
                .hasMessageContaining("Unknown parameters").hasMessageContaining("operaton");
    }

    @Test
    void the_registrys_only_client_is_taken_without_being_named_and_the_component_checks_it() {
        RdsClient client = RdsClient.builder().region(Region.EU_WEST_1).endpointOverride(URI.create(rds.url()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
        CamelContext withClient = new DefaultCamelContext();
        withClient.getRegistry().bind("rdsClient", client);
        withClient.start();
        try {
            DescribeDbSnapshotsResponse response = withClient.createProducerTemplate().requestBodyAndHeader(
                    "aws2-rds:test?operation=describeDBSnapshots", null, Aws2RdsConstants.SNAPSHOT_TYPE, "automated",
                    DescribeDbSnapshotsResponse.class);
            assertThat(response.dbSnapshots()).extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("rds:prod-1");

            var check = org.apache.camel.health.HealthCheckHelper.invoke(withClient).stream()
                    .filter(r -> r.getCheck().getId().equals("aws2-rds")).findFirst().orElseThrow();
            assertThat(check.getState()).isEqualTo(org.apache.camel.health.HealthCheck.State.UP);
            assertThat(check.getMessage()).hasValue("RDS answers in eu-west-1");
        } finally {
            withClient.stop();
        }
    }
}
