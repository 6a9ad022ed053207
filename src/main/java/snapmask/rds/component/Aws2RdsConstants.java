package snapmask.rds.component;

import org.apache.camel.spi.Metadata;

/** Headers an {@code aws2-rds} exchange reads when {@code pojoRequest} is false. */
public final class Aws2RdsConstants {
    @Metadata(description = "The operation to perform, instead of the endpoint's", javaType = "String")
    public static final String OPERATION = "CamelAwsRdsOperation";
    @Metadata(description = "The DB instance a describe asks about", javaType = "String")
    public static final String DB_INSTANCE_IDENTIFIER = "CamelAwsRdsDbInstanceIdentifier";
    @Metadata(description = "The snapshot type a snapshot describe asks for (automated, manual)", javaType = "String")
    public static final String SNAPSHOT_TYPE = "CamelAwsRdsSnapshotType";
    @Metadata(description = "The ARN whose tags listTagsForResource lists", javaType = "String")
    public static final String RESOURCE_NAME = "CamelAwsRdsResourceName";

    private Aws2RdsConstants() {
    }
}
