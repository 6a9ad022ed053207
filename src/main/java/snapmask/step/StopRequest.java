package snapmask.step;

import java.util.Optional;

/**
 * Whether the run going is to stop, and why: snapmask is stopping, or ops stopped the refresh
 * routes. A step that waits (for RDS, say) asks it at each turn and gives up with that reason, as
 * the run itself stops at its next step.
 */
@FunctionalInterface
public interface StopRequest {

    Optional<String> reason();
}
