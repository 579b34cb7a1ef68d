package bml.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of the individual augmentation ops ({@code bml.augmentation.ops}).
 *
 * <p>Why: the pipelines compose fixed op types; their strengths are the knobs of the paper's "full"
 * SimCLR-style set (arXiv 2210.14019, section on augmentations), kept in one validated record.
 *
 * @param cropScaleMin         random resized crop: smallest area fraction, in (0, 1]
 * @param cropScaleMax         random resized crop: largest area fraction, in [cropScaleMin, 1]
 * @param cropRatioMin         random resized crop: smallest aspect ratio, > 0
 * @param cropRatioMax         random resized crop: largest aspect ratio, >= cropRatioMin
 * @param padding              padded random crop: pixels of zero padding per side, 0..16
 * @param flipProbability      probability of a horizontal flip
 * @param jitterProbability    probability of colour jitter
 * @param brightness           jitter strength x: factor in [max(0, 1 - x), 1 + x]
 * @param contrast             jitter strength x: factor in [max(0, 1 - x), 1 + x]
 * @param saturation           jitter strength x: factor in [max(0, 1 - x), 1 + x]
 * @param hue                  jitter hue shift in [-hue, hue], hue in [0, 0.5]
 * @param grayscaleProbability probability of grayscale conversion
 */
public record AugmentationOps(double cropScaleMin, double cropScaleMax, double cropRatioMin, double cropRatioMax,
                              int padding, double flipProbability, double jitterProbability, double brightness,
                              double contrast, double saturation, double hue, double grayscaleProbability) {

    static AugmentationOps read(SettingsReader r) {
        double[] scale = r.orderedPair("crop-scale", new Interval(0, true, 1, false));
        double[] ratio = r.orderedPair("crop-ratio", Interval.above(0));
        Interval probability = Interval.closed(0, 1);
        return new AugmentationOps(
                scale[0], scale[1], ratio[0], ratio[1],
                r.wholeInt("padding", 0, 16),
                r.number("flip-probability", probability),
                r.number("jitter-probability", probability),
                r.number("brightness", Interval.atLeast(0)),
                r.number("contrast", Interval.atLeast(0)),
                r.number("saturation", Interval.atLeast(0)),
                r.number("hue", Interval.closed(0, 0.5)),
                r.number("grayscale-probability", probability));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("crop-scale", List.of(cropScaleMin, cropScaleMax));
        m.put("crop-ratio", List.of(cropRatioMin, cropRatioMax));
        m.put("padding", padding);
        m.put("flip-probability", flipProbability);
        m.put("jitter-probability", jitterProbability);
        m.put("brightness", brightness);
        m.put("contrast", contrast);
        m.put("saturation", saturation);
        m.put("hue", hue);
        m.put("grayscale-probability", grayscaleProbability);
        return m;
    }
}
