package bml.config;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The network's shape ({@code bml.model}): encoder type and width, and the projector head's hidden width.
 *
 * <p>Why: the paper's effect lives in the encoder while the wide projector memorizes (arXiv 2210.14019);
 * both widths are the capacity knobs.
 *
 * @param encoder   cnn, resnet18 or mlp
 * @param width     base width of the encoder, 1..1024
 * @param headWidth hidden width of the projector head, 1..131072
 */
public record ModelSettings(Encoder encoder, int width, int headWidth) {

    public ModelSettings {
        Objects.requireNonNull(encoder, "encoder");
    }

    /** Reads and validates the {@code bml.model} section {@code c}; throws {@link ConfigError} when invalid. */
    public static ModelSettings fromConfig(Config c) {
        return SettingsReader.readSection(c, "model", ModelSettings::read);
    }

    static ModelSettings read(SettingsReader r) {
        return new ModelSettings(
                r.oneOf("encoder", Encoder.class),
                r.wholeInt("width", 1, 1024),
                r.wholeInt("head-width", 1, 131072));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("encoder", encoder.configName());
        m.put("width", width);
        m.put("head-width", headWidth);
        return m;
    }
}
