package bml.augmentation;

import bml.config.AugmentationOps;
import bml.config.AugmentationSettings;
import bml.config.Pipeline;
import java.util.List;

/**
 * Builds the view pipeline named by {@code augmentation.pipeline} from the op parameters in the settings.
 *
 * <p>{@code none}: no op (the paper's Resize(32) + ToTensor is the identity at 32x32). {@code standard}: padded
 * random crop, then horizontal flip (the CIFAR baseline). {@code full}: the paper's SimCLR-style set without blur
 * (§1.5): random resized crop, horizontal flip, colour jitter, random grayscale, in that order; given the same
 * random parameters, its bytes are those torchvision 0.14 produces on PIL images with Pillow 9.4 (golden tests
 * from {@code data-tools/torchvision_golden.py}). {@code iid} has no
 * pipeline: its views are other training images ({@link IidPools}, rendered by {@link ViewRenderer}).
 */
public final class Pipelines {
    private Pipelines() {}

    public static ViewPipeline build(AugmentationSettings settings) {
        AugmentationOps o = settings.ops();
        return switch (settings.pipeline()) {
            case NONE -> new ViewPipeline(Pipeline.NONE.configName(), List.of());
            case STANDARD -> new ViewPipeline(Pipeline.STANDARD.configName(), List.of(
                    new PaddedRandomCrop(o.padding()),
                    new HorizontalFlip(o.flipProbability())));
            case FULL -> new ViewPipeline(Pipeline.FULL.configName(), List.of(
                    new RandomResizedCrop(o.cropScaleMin(), o.cropScaleMax(), o.cropRatioMin(), o.cropRatioMax()),
                    new HorizontalFlip(o.flipProbability()),
                    new ColorJitter(o.jitterProbability(), o.brightness(), o.contrast(), o.saturation(), o.hue()),
                    new RandomGrayscale(o.grayscaleProbability())));
            case IID -> throw new IllegalArgumentException("augmentation.pipeline = iid is no "
                    + "transform of the sample: its views are other training images (ViewRenderer with IidPools)");
        };
    }
}
