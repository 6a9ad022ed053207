package snapmask.rds;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DeleteDbClusterRequest;
import software.amazon.awssdk.services.rds.model.DeleteDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What snapmask may change or delete on RDS, instance or cluster alike: its own (its prefix and its
 * tags, never the production instance or cluster), or a previous analytics one that a promoting run
 * renamed aside, once snapmask.promote.grace is over. Everything else is refused before a request
 * is built. The tags it gives what it makes, and the tags of a retired one, are its too.
 */
final class OwnerGuard {

    static final String TAG_RUN_ID = "snapmask:run-id";
    static final String TAG_CREATED_BY = "snapmask:created-by";
    static final String TAG_RETIRED_BY = "snapmask:retired-by";
    static final String TAG_RETIRED_AT = "snapmask:retired-at";
    private static final Logger LOG = LoggerFactory.getLogger(OwnerGuard.class);

    private final RdsSettings settings;
    private final Clock clock;

    OwnerGuard(RdsSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The tags of what a run makes: the run's id and who made it. */
    List<Tag> runTags(String runId) {
        return List.of(Tag.builder().key(TAG_RUN_ID).value(runId).build(), createdBy());
    }

    Tag createdBy() {
        return Tag.builder().key(TAG_CREATED_BY).value("snapmask@" + hostname()).build();
    }

    /** The tags that mark the live analytics instance or cluster as renamed aside by run {@code runId}, now. */
    List<Tag> retiredTags(String runId) {
        return List.of(Tag.builder().key(TAG_RETIRED_BY).value(runId).build(),
                Tag.builder().key(TAG_RETIRED_AT).value(clock.instant().toString()).build());
    }

    /** snapmask's own: its prefix and its tags; never the production instance or cluster. */
    boolean owned(String id, List<Tag> tags) {
        return id.startsWith(settings.instancePrefix() + "-") && !id.equals(settings.sourceInstance())
                && tag(tags, TAG_RUN_ID).isPresent() && tag(tags, TAG_CREATED_BY).filter(v -> v.startsWith("snapmask")).isPresent();
    }

    /** A previous analytics instance or cluster a promoting run renamed aside, past snapmask.promote.grace: the sweep deletes it. */
    boolean retiredPastGrace(String id, List<Tag> tags) {
        return settings.promoteInstance().isPresent() && id.startsWith(settings.promoteInstance().get() + "-old-")
                && tag(tags, TAG_RETIRED_AT).map(at -> Instant.parse(at).plus(settings.promoteGrace()).isBefore(clock.instant()))
                .orElse(false);
    }

    boolean mayTouch(String id, List<Tag> tags) {
        return owned(id, tags) || retiredPastGrace(id, tags);
    }

    /** {@code id}, when snapmask may touch it; else a refusal naming {@code what} (e.g. "RDS instance"). */
    String require(String what, String id, List<Tag> tags) {
        if (!mayTouch(id, tags)) {
            throw new IllegalStateException("refusing to touch " + what + " " + id + ": it lacks snapmask's tag " + TAG_RUN_ID
                    + " or prefix " + settings.instancePrefix() + "-");
        }
        return id;
    }

    /** Deletes one of snapmask's instances, without a final snapshot; refuses any other. */
    DeleteDbInstanceRequest deleteInstance(DBInstance instance) {
        String id = require("RDS instance", instance.dbInstanceIdentifier(), instance.tagList());
        LOG.info("deleting RDS instance {} (skip final snapshot)", id);
        return DeleteDbInstanceRequest.builder().dbInstanceIdentifier(id).skipFinalSnapshot(true).deleteAutomatedBackups(true).build();
    }

    /** Deletes one of snapmask's clusters (once it has no instance), without a final snapshot; refuses any other. */
    DeleteDbClusterRequest deleteCluster(DBCluster cluster) {
        String id = require("Aurora cluster", cluster.dbClusterIdentifier(), cluster.tagList());
        LOG.info("deleting Aurora cluster {} (skip final snapshot)", id);
        return DeleteDbClusterRequest.builder().dbClusterIdentifier(id).skipFinalSnapshot(true).build();
    }

    /** The run that made it, from its tag; "?" when it has none. */
    static String runOf(List<Tag> tags) {
        return tag(tags, TAG_RUN_ID).orElse("?");
    }

    private static Optional<String> tag(List<Tag> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
