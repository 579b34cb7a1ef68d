package bml.actors;

import bml.actors.queue.ViewCodec;
import bml.data.ImageSet;
import bml.data.RandomLabels;
import bml.augmentation.ViewPlan;
import bml.augmentation.ViewRenderer;
import net.openhft.chronicle.queue.ExcerptAppender;

/**
 * Renders chunks of the view stream and appends them to the views queue.
 *
 * <p>The {@link AugmentationPool} hands out chunks of consecutive global view numbers. Which sample and view a global
 * number maps to is fixed by the seed ({@link ViewPlan}), so the views are the same whatever the number of workers.
 *
 * <p><b>Not thread-safe.</b> Owned by one {@link AugmentationWorker}, whose futures run one at a time; the appender stays the worker's.
 */
final class ViewProducer {
    private final ImageSet train;
    private final RandomLabels labels;
    private final ViewPlan plan;
    private final ViewRenderer renderer;
    private final ExcerptAppender appender;
    private final byte[] pixels;

    ViewProducer(ImageSet train, RandomLabels labels, ViewPlan plan, ViewRenderer renderer, ExcerptAppender appender) {
        this.train = train;
        this.labels = labels;
        this.plan = plan;
        this.renderer = renderer;
        this.appender = appender;
        this.pixels = new byte[train.imageBytes()];
    }

    /**
     * Renders and appends views {@code [first, first + count)} of the global stream, stamped with the version of the
     * augmentation settings that render them.
     *
     * @throws PartialChunk when a view could not be rendered or appended, saying how many were appended before it,
     *                      so a retry continues after them instead of appending them twice
     */
    void produce(long first, int count, int settingsVersion) {
        int imageBytes = pixels.length;
        for (long g = first; g < first + count; g++) {
            try {
                int sample = plan.sample(g);
                long view = plan.view(g);
                renderer.render(sample, view, pixels, 0);
                int randomLabel = labels.label(sample, (int) Math.min(view, Integer.MAX_VALUE));
                int trueLabel = train.labels()[sample];
                long sequence = g;
                appender.writeBytes(out -> ViewCodec.write(out, sequence, settingsVersion, sample, view, randomLabel,
                        trueLabel, pixels, 0, imageBytes));
            } catch (RuntimeException e) {
                throw new PartialChunk((int) (g - first), e);
            }
        }
    }

    /** A chunk that stopped part-way: {@code appended} views of it are in the queue. */
    static final class PartialChunk extends RuntimeException {
        private final int appended;

        PartialChunk(int appended, RuntimeException cause) {
            super(appended + " views appended before: " + cause.getMessage(), cause);
            this.appended = appended;
        }

        int appended() {
            return appended;
        }
    }
}
