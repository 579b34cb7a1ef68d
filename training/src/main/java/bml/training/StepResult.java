package bml.training;

/**
 * What one training step measured on its batch.
 *
 * <p>Why a record: the trainer reports it to listeners and the journal, so it must be an immutable value.
 *
 * @param loss the batch loss before the update (MSE on one-hot targets or cross-entropy)
 * @param accuracy the fraction of the batch whose argmax logit equals its (random) training label
 */
public record StepResult(double loss, double accuracy) {
}
