package snapmask.rds.component;

/** What an {@code aws2-rds} endpoint does; the names are the SDK's RdsClient methods. */
public enum Aws2RdsOperations {
    describeDBSnapshots,
    describeDBInstances,
    restoreDBInstanceFromDBSnapshot,
    modifyDBInstance,
    deleteDBInstance,
    listTagsForResource,
    describeDBClusters,
    describeDBClusterSnapshots,
    restoreDBClusterFromSnapshot,
    restoreDBClusterToPointInTime,
    createDBInstance,
    modifyDBCluster,
    deleteDBCluster,
    createDBSnapshot,
    modifyDBSnapshotAttribute,
    deleteDBSnapshot,
    createDBClusterSnapshot,
    modifyDBClusterSnapshotAttribute,
    deleteDBClusterSnapshot,
    addTagsToResource
}
