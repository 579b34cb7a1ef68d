package bml.augmentation;

import bml.config.Seeds;
import bml.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which training images stand in for each sample's views in the i.i.d. control (the paper code's
 * {@code --augm-iid}): sample {@code s} of true class {@code c} gets K images of class {@code c} from the training
 * images beyond the first N, no two samples sharing one.
 *
 * <p>Assignment, all from the seed: the images of each class {@code c} beyond N are shuffled with
 * {@code Seeds.random(seed, "iid-pools", c)}, then the samples take K at a time in sample order. The run loads the
 * images beyond N with {@code Datasets.forRun}. Why disjoint and
 * same-class: the control asks whether K real images that share only their class, under one random label, teach the
 * encoder as augmentations do; a shared image would tie two samples' labels together.
 */
public final class IidPools {
    private final int[][] pools;

    private IidPools(int[][] pools) {
        this.pools = pools;
    }

    /**
     * Assigns {@code k} images of {@code beyond} to every sample of {@code samples}.
     *
     * @throws IllegalArgumentException naming the class when {@code beyond} holds fewer than K images for each of
     *     its samples, or when the two sets differ in shape or classes
     */
    public static IidPools assign(ImageSet samples, ImageSet beyond, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("iid views: expected augmentation.views-per-sample K >= 1, got " + k);
        }
        if (samples.imageBytes() != beyond.imageBytes() || samples.numClasses() != beyond.numClasses()) {
            throw new IllegalArgumentException("iid views: " + samples.describe() + " and " + beyond.describe()
                    + " differ in shape or classes");
        }
        int classes = samples.numClasses();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < beyond.size(); i++) {
            byClass.get(beyond.labels()[i]).add(i);
        }
        int[] needed = new int[classes];
        for (int label : samples.labels()) {
            needed[label] += k;
        }
        for (int c = 0; c < classes; c++) {
            if (byClass.get(c).size() < needed[c]) {
                throw new IllegalArgumentException("iid views: class " + c + " has " + needed[c] / k + " of the "
                        + samples.size() + " samples, which need " + needed[c] + " images of it (K = " + k + " each), "
                        + "but the training images beyond them hold " + byClass.get(c).size() + ": lower "
                        + "augmentation.views-per-sample or data.train-size, or use a larger data set");
            }
            shuffle(byClass.get(c), Seeds.random(seed, "iid-pools", c));
        }
        int[] next = new int[classes];
        int[][] pools = new int[samples.size()][k];
        for (int s = 0; s < samples.size(); s++) {
            int c = samples.labels()[s];
            for (int v = 0; v < k; v++) {
                pools[s][v] = byClass.get(c).get(next[c]++);
            }
        }
        return new IidPools(pools);
    }

    /** The index in the images beyond N that is view {@code view} of {@code sample}. */
    public int image(int sample, int view) {
        return pools[sample][view];
    }

    /** K, the images per sample. */
    public int perSample() {
        return pools.length == 0 ? 0 : pools[0].length;
    }

    private static void shuffle(List<Integer> values, SplittableRandom rng) {
        for (int i = values.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Integer t = values.get(i);
            values.set(i, values.get(j));
            values.set(j, t);
        }
    }
}
