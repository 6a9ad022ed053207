package snapmask.watch;

/** Something the watch checks at every tick. A probe never throws: every problem is a DOWN answer. */
public interface WatchTarget {

    /** The name ops gave it in snapmask.watch.targets; also its key in the state file. */
    String name();

    /** How it is checked, for the alert mail: the URL, the query and server, the freshness limit. */
    String checks();

    Probe probe();
}
