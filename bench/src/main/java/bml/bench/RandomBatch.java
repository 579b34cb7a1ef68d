package bml.bench;

import bml.training.StepResult;
import bml.training.TrainingSession;
import java.util.SplittableRandom;

/**
 * A batch of random uint8 images and labels for timing training steps, with the warm-up every step-rate figure takes
 * before its clock starts (the first steps allocate PyTorch's buffers and are slow).
 */
public record RandomBatch(byte[] pixels, int[] labels) {
    public static final int WARM_UP_STEPS = 5;

    public static RandomBatch draw(int size, int imageBytes, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[size * imageBytes];
        random.nextBytes(pixels);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(classes);
        }
        return new RandomBatch(pixels, labels);
    }

    public int size() {
        return labels.length;
    }

    /** One training step on this batch. */
    public StepResult step(TrainingSession session) {
        return session.step(pixels, labels, labels.length);
    }

    /** {@link #WARM_UP_STEPS} untimed steps. */
    public void warmUp(TrainingSession session) {
        for (int i = 0; i < WARM_UP_STEPS; i++) {
            step(session);
        }
    }
}
