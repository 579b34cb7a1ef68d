package bml.training;

/**
 * Thrown when a training step produces a NaN or infinite loss.
 *
 * <p>Why: a diverged run must end with a clear error rather than silently train on garbage. The update of
 * the failing step is not applied, but that step's forward pass may already have made the BatchNorm running
 * statistics non-finite: to continue, load a checkpoint.
 */
public final class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;
    private final double loss;

    /**
     * @param step the 1-based number of the step whose loss was not finite
     * @param loss the offending loss value
     * @param learningRate the learning rate in force, named in the message because it is the usual cause
     */
    public NonFiniteLossException(long step, double loss, double learningRate) {
        super("non-finite training loss " + loss + " at step " + step + " (learning rate " + learningRate
                + "): the run has diverged; lower training.lr or restore a checkpoint");
        this.step = step;
        this.loss = loss;
    }

    /** The 1-based number of the step whose loss was not finite. */
    public long step() {
        return step;
    }

    /** The offending loss value (NaN or infinite). */
    public double loss() {
        return loss;
    }
}
