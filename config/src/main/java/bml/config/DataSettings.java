package bml.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which image set an experiment uses and how much of it ({@code bml.data}).
 *
 * <p>Why: the dataset loader takes this record, never a raw config, so its inputs are validated once.
 *
 * @param source    shapes, fashion-mnist, mnist, cifar10 or cifar100
 * @param path      directory of the data files; "" = none (shapes needs none)
 * @param trainSize first N training images; 0 = all
 * @param testSize  first N test images; 0 = all
 */
public record DataSettings(DataSource source, String path, int trainSize, int testSize) {

    public DataSettings {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
    }

    static DataSettings read(SettingsReader r) {
        return new DataSettings(
                r.oneOf("source", DataSource.class),
                r.text("path"),
                r.wholeInt("train-size", 0, Integer.MAX_VALUE),
                r.wholeInt("test-size", 0, Integer.MAX_VALUE));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source.configName());
        m.put("path", path);
        m.put("train-size", trainSize);
        m.put("test-size", testSize);
        return m;
    }
}
