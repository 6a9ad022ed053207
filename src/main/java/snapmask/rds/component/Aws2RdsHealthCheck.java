package snapmask.rds.component;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;

import java.util.Map;

/**
 * RDS answers the client the aws2-rds endpoints use: one DescribeDBInstances page of the smallest
 * size RDS allows, which proves the network path, the credentials and the describe permission the
 * sweep and the wait need. DOWN names AWS's error code.
 */
public class Aws2RdsHealthCheck extends AbstractHealthCheck {

    public static final String ID = "aws2-rds";

    private final RdsClient client;

    public Aws2RdsHealthCheck(RdsClient client) {
        super("aws2-rds", ID);
        this.client = client;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            client.describeDBInstances(r -> r.maxRecords(20));
            builder.message("RDS answers in " + client.serviceClientConfiguration().region()).up();
        } catch (AwsServiceException e) {
            builder.message("RDS refuses: " + (e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage())).down();
        } catch (SdkException e) {
            builder.message("RDS does not answer: " + e.getMessage()).down();
        }
    }
}
