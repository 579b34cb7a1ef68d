package bml.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * When and how the per-layer k-NN probe runs ({@code bml.probe}).
 *
 * <p>Why: the probe is the paper's measure of feature quality (k = 20 cosine k-NN of clean train images with
 * true labels against test images, arXiv 2210.14019); its schedule and vote may change while an experiment runs.
 *
 * @param every       training steps between probes, >= 1
 * @param k           neighbours, 1..1000
 * @param weighting   majority or temperature
 * @param temperature temperature of the weighted vote, > 0
 * @param bankSize    first N clean training images in the bank, >= 1
 * @param querySize   first N test images as queries, >= 1
 * @param workers     probes that may run at once, 1..8
 * @param chunkSize   query rows per similarity matmul, 1..65536
 */
public record ProbeSettings(long every, int k, Weighting weighting, double temperature, int bankSize, int querySize,
                            int workers, int chunkSize) {

    public ProbeSettings {
        Objects.requireNonNull(weighting, "weighting");
    }

    /** Reads and validates the {@code bml.probe} section {@code c}; throws {@link ConfigError} when invalid. */
    public static ProbeSettings fromConfig(Config c) {
        return SettingsReader.readSection(c, "probe", ProbeSettings::read);
    }

    static ProbeSettings read(SettingsReader r) {
        return new ProbeSettings(
                r.wholeNumber("every", 1, Long.MAX_VALUE),
                r.wholeInt("k", 1, 1000),
                r.oneOf("weighting", Weighting.class),
                r.number("temperature", Interval.above(0)),
                r.wholeInt("bank-size", 1, Integer.MAX_VALUE),
                r.wholeInt("query-size", 1, Integer.MAX_VALUE),
                r.wholeInt("workers", 1, 8),
                r.wholeInt("chunk-size", 1, 65536));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("every", every);
        m.put("k", k);
        m.put("weighting", weighting.configName());
        m.put("temperature", temperature);
        m.put("bank-size", bankSize);
        m.put("query-size", querySize);
        m.put("workers", workers);
        m.put("chunk-size", chunkSize);
        return m;
    }
}
