package snapmask.rds.component;

/** Headers an {@code aws2-rds} exchange reads when {@code pojoRequest} is false. */
public final class Aws2RdsConstants {
    public static final String OPERATION = "CamelAwsRdsOperation";
    public static final String DB_INSTANCE_IDENTIFIER = "CamelAwsRdsDbInstanceIdentifier";
    public static final String SNAPSHOT_TYPE = "CamelAwsRdsSnapshotType";
    public static final String RESOURCE_NAME = "CamelAwsRdsResourceName";

    private Aws2RdsConstants() {
    }
}
