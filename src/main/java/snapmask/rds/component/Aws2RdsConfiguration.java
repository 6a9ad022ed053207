package snapmask.rds.component;

import software.amazon.awssdk.services.rds.RdsClient;

/** Options of the {@code aws2-rds} component and its endpoints, named as in Camel's aws2-* components. */
public class Aws2RdsConfiguration implements Cloneable {

    private Aws2RdsOperations operation;
    private boolean pojoRequest;
    private RdsClient rdsClient;
    private String region;
    private boolean overrideEndpoint;
    private String uriEndpointOverride;
    private boolean useDefaultCredentialsProvider = true;
    private String accessKey;
    private String secretKey;
    private int maxAttempts = 5;

    public Aws2RdsOperations getOperation() {
        return operation;
    }

    /** The operation when no CamelAwsRdsOperation header says otherwise. */
    public void setOperation(Aws2RdsOperations operation) {
        this.operation = operation;
    }

    public boolean isPojoRequest() {
        return pojoRequest;
    }

    /** The body is the SDK request object (e.g. DescribeDbSnapshotsRequest) to send as is. */
    public void setPojoRequest(boolean pojoRequest) {
        this.pojoRequest = pojoRequest;
    }

    public RdsClient getRdsClient() {
        return rdsClient;
    }

    /** The client to use; when none is set, a single RdsClient in the registry, else one built from these options. */
    public void setRdsClient(RdsClient rdsClient) {
        this.rdsClient = rdsClient;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public boolean isOverrideEndpoint() {
        return overrideEndpoint;
    }

    public void setOverrideEndpoint(boolean overrideEndpoint) {
        this.overrideEndpoint = overrideEndpoint;
    }

    public String getUriEndpointOverride() {
        return uriEndpointOverride;
    }

    public void setUriEndpointOverride(String uriEndpointOverride) {
        this.uriEndpointOverride = uriEndpointOverride;
    }

    public boolean isUseDefaultCredentialsProvider() {
        return useDefaultCredentialsProvider;
    }

    /** The SDK's default chain: environment, system properties, profile, container or instance role. */
    public void setUseDefaultCredentialsProvider(boolean useDefaultCredentialsProvider) {
        this.useDefaultCredentialsProvider = useDefaultCredentialsProvider;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Attempts per call, with the SDK's backoff, for throttling and 5xx answers; other errors fail at once. */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Aws2RdsConfiguration copy() {
        try {
            return (Aws2RdsConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
