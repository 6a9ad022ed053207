package snapmask.source;

import java.time.Instant;

/** The point-in-time copy of production a run starts from: an RDS snapshot, or the local source database. */
public record Snapshot(String id, String sourceName, Instant createdAt) {
}
