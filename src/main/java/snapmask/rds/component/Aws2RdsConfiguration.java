package snapmask.rds.component;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Options of the {@code aws2-rds} component and its endpoints, named as in Camel's aws2-* components;
 * the component's are the defaults of every endpoint.
 */
@UriParams
public class Aws2RdsConfiguration implements Cloneable {

    @UriPath(description = "Logical name")
    @Metadata(required = true)
    private String label;
    @UriParam(description = "The operation when no CamelAwsRdsOperation header says otherwise")
    private Aws2RdsOperations operation;
    @UriParam(description = "The body is the SDK request object (e.g. DescribeDbSnapshotsRequest) to send as is")
    private boolean pojoRequest;
    @UriParam(description = "The client to use; when none is set, one built from these options")
    @Metadata(autowired = true)
    private RdsClient rdsClient;
    @UriParam(description = "The AWS region of the client built from these options")
    private String region;
    @UriParam(description = "Whether uriEndpointOverride replaces the region's RDS endpoint")
    private boolean overrideEndpoint;
    @UriParam(description = "The RDS endpoint to call, with overrideEndpoint")
    private String uriEndpointOverride;
    @UriParam(label = "security", defaultValue = "true",
            description = "The SDK's default chain: environment, system properties, profile, container or instance role")
    private boolean useDefaultCredentialsProvider = true;
    @UriParam(label = "security", secret = true, description = "Access key, without useDefaultCredentialsProvider")
    private String accessKey;
    @UriParam(label = "security", secret = true, description = "Secret key, without useDefaultCredentialsProvider")
    private String secretKey;
    @UriParam(defaultValue = "5",
            description = "Attempts per call, with the SDK's backoff, for throttling and 5xx answers; other errors fail at once")
    private int maxAttempts = 5;

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

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
