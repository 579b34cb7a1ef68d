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
     */
    void produce(long first, int count, int settingsVersion) {
        int imageBytes = pixels.length;
        for (long g = first; g < first + count; g++) {
            int sample = plan.sample(g);
            long view = plan.view(g);
            renderer.render(sample, view, pixels, 0);
            int randomLabel = labels.label(sample, (int) Math.min(view, Integer.MAX_VALUE));
            int trueLabel = train.labels()[sample];
            long sequence = g;
            appender.writeBytes(out -> ViewCodec.write(out, sequence, settingsVersion, sample, view, randomLabel, trueLabel, pixels, 0, imageBytes));
        }
    }
}
