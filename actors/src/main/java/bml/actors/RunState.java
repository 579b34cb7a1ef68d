package bml.actors;

/** The life cycle of a run as users see it (HTTP {@code /api/run}, {@code bml watch}). */
public enum RunState {
    STARTING, RUNNING, PAUSED, STOPPING, FINISHED, FAILED;

    /** Lower-case name used in JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
