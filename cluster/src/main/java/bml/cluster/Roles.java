package bml.cluster;

/** The cluster roles of a sweep: one coordinator holding the plan, any number of workers training runs. */
final class Roles {
    static final String COORDINATOR = "coordinator";
    static final String WORKER = "worker";
    /** The actor system's name: every node of one sweep cluster must use it. */
    static final String SYSTEM = "bml-sweep";

    private Roles() {}
}
