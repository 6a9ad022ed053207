package snapmask.rds.component;

import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.support.DefaultProducer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.AddTagsToResourceRequest;
import software.amazon.awssdk.services.rds.model.CreateDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.CreateDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.CreateDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbSnapshotRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbSnapshotAttributeRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbClustersResponse;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbSnapshotsResponse;
import software.amazon.awssdk.services.rds.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.RestoreDbInstanceFromDbSnapshotRequest;

import java.util.function.Supplier;

/**
 * Calls the configured operation. With {@code pojoRequest=true} the body is the SDK request; else
 * the request is built from CamelAwsRds* headers (instance-changing operations need a pojo request).
 * The body out is the SDK response; for the describe operations, one response holding every page.
 * A failed call throws {@link Aws2RdsException}, which names the operation and AWS's error code.
 */
public class Aws2RdsProducer extends DefaultProducer {

    public Aws2RdsProducer(Aws2RdsEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public Aws2RdsEndpoint getEndpoint() {
        return (Aws2RdsEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Aws2RdsOperations operation = operation(exchange);
        try {
            exchange.getMessage().setBody(call(operation, exchange));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new Aws2RdsException("RDS " + operation + " failed: " + code + ": "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()) + " (HTTP " + e.statusCode()
                    + ")", code, e);
        } catch (SdkException e) {
            throw new Aws2RdsException("RDS " + operation + " failed: " + e.getMessage(), null, e);
        }
    }

    private Object call(Aws2RdsOperations operation, Exchange exchange) throws InvalidPayloadException {
        RdsClient rds = getEndpoint().getClient();
        return switch (operation) {
            // the describe operations follow the Marker of every page: the body out holds them all
            case describeDBSnapshots -> DescribeDbSnapshotsResponse.builder().dbSnapshots(rds.describeDBSnapshotsPaginator(
                    request(exchange, DescribeDbSnapshotsRequest.class, () -> DescribeDbSnapshotsRequest.builder()
                            .dbInstanceIdentifier(header(exchange, Aws2RdsConstants.DB_INSTANCE_IDENTIFIER))
                            .snapshotType(header(exchange, Aws2RdsConstants.SNAPSHOT_TYPE)).build())).dbSnapshots().stream().toList())
                    .build();
            case describeDBInstances -> DescribeDbInstancesResponse.builder().dbInstances(rds.describeDBInstancesPaginator(
                    request(exchange, DescribeDbInstancesRequest.class, () -> DescribeDbInstancesRequest.builder()
                            .dbInstanceIdentifier(header(exchange, Aws2RdsConstants.DB_INSTANCE_IDENTIFIER)).build()))
                    .dbInstances().stream().toList()).build();
            case restoreDBInstanceFromDBSnapshot -> rds.restoreDBInstanceFromDBSnapshot(
                    request(exchange, RestoreDbInstanceFromDbSnapshotRequest.class, null));
            case modifyDBInstance -> rds.modifyDBInstance(request(exchange, ModifyDbInstanceRequest.class, null));
            case deleteDBInstance -> rds.deleteDBInstance(request(exchange, DeleteDbInstanceRequest.class,
                    () -> DeleteDbInstanceRequest.builder()
                            .dbInstanceIdentifier(header(exchange, Aws2RdsConstants.DB_INSTANCE_IDENTIFIER))
                            .skipFinalSnapshot(true).build()));
            case listTagsForResource -> rds.listTagsForResource(request(exchange, ListTagsForResourceRequest.class,
                    () -> ListTagsForResourceRequest.builder()
                            .resourceName(header(exchange, Aws2RdsConstants.RESOURCE_NAME)).build()));
            case describeDBClusters -> DescribeDbClustersResponse.builder().dbClusters(rds.describeDBClustersPaginator(
                    request(exchange, DescribeDbClustersRequest.class, () -> DescribeDbClustersRequest.builder().build()))
                    .dbClusters().stream().toList()).build();
            case describeDBClusterSnapshots -> DescribeDbClusterSnapshotsResponse.builder().dbClusterSnapshots(
                    rds.describeDBClusterSnapshotsPaginator(request(exchange, DescribeDbClusterSnapshotsRequest.class, null))
                            .dbClusterSnapshots().stream().toList()).build();
            case restoreDBClusterFromSnapshot -> rds.restoreDBClusterFromSnapshot(
                    request(exchange, RestoreDbClusterFromSnapshotRequest.class, null));
            case restoreDBClusterToPointInTime -> rds.restoreDBClusterToPointInTime(
                    request(exchange, RestoreDbClusterToPointInTimeRequest.class, null));
            case createDBInstance -> rds.createDBInstance(request(exchange, CreateDbInstanceRequest.class, null));
            case modifyDBCluster -> rds.modifyDBCluster(request(exchange, ModifyDbClusterRequest.class, null));
            case deleteDBCluster -> rds.deleteDBCluster(request(exchange, DeleteDbClusterRequest.class, null));
            case createDBSnapshot -> rds.createDBSnapshot(request(exchange, CreateDbSnapshotRequest.class, null));
            case modifyDBSnapshotAttribute -> rds.modifyDBSnapshotAttribute(request(exchange, ModifyDbSnapshotAttributeRequest.class, null));
            case deleteDBSnapshot -> rds.deleteDBSnapshot(request(exchange, DeleteDbSnapshotRequest.class, null));
            case createDBClusterSnapshot -> rds.createDBClusterSnapshot(request(exchange, CreateDbClusterSnapshotRequest.class, null));
            case modifyDBClusterSnapshotAttribute -> rds.modifyDBClusterSnapshotAttribute(
                    request(exchange, ModifyDbClusterSnapshotAttributeRequest.class, null));
            case deleteDBClusterSnapshot -> rds.deleteDBClusterSnapshot(request(exchange, DeleteDbClusterSnapshotRequest.class, null));
            case addTagsToResource -> rds.addTagsToResource(request(exchange, AddTagsToResourceRequest.class, null));
        };
    }

    private Aws2RdsOperations operation(Exchange exchange) {
        Aws2RdsOperations operation = exchange.getMessage().getHeader(Aws2RdsConstants.OPERATION, Aws2RdsOperations.class);
        if (operation == null) {
            operation = getEndpoint().getConfiguration().getOperation();
        }
        if (operation == null) {
            throw new IllegalArgumentException("aws2-rds: no operation (set ?operation= or the " + Aws2RdsConstants.OPERATION
                    + " header)");
        }
        return operation;
    }

    private <T> T request(Exchange exchange, Class<T> type, Supplier<T> fromHeaders) throws InvalidPayloadException {
        if (getEndpoint().getConfiguration().isPojoRequest()) {
            return exchange.getMessage().getMandatoryBody(type);
        }
        if (fromHeaders == null) {
            throw new IllegalArgumentException("aws2-rds: " + type.getSimpleName() + " needs pojoRequest=true and the request"
                    + " as the body");
        }
        return fromHeaders.get();
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }
}
