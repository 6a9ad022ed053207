package snapmask.rds.component;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

import java.net.URI;

/** Builds an RdsClient from the component's options. */
public final class RdsClients {

    private RdsClients() {
    }

    public static RdsClient build(Aws2RdsConfiguration config) {
        RdsClientBuilder builder = RdsClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.getMaxAttempts()).build()));
        if (config.getRegion() != null) {
            builder.region(Region.of(config.getRegion()));
        }
        if (config.isOverrideEndpoint() && config.getUriEndpointOverride() != null) {
            builder.endpointOverride(URI.create(config.getUriEndpointOverride()));
        }
        if (!config.isUseDefaultCredentialsProvider() && config.getAccessKey() != null && config.getSecretKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.getAccessKey(), config.getSecretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
