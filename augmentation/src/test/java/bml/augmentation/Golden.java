package bml.augmentation;

import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The torchvision golden fixtures under {@code golden/}, written by {@code data-tools/torchvision_golden.py}: input
 * images, the parameters torchvision used and the bytes it produced.
 */
final class Golden {
    private static final Map<String, ViewImage> INPUTS = new HashMap<>();

    static {
        for (Config image : cases("inputs")) {
            byte[] chw = Base64.getDecoder().decode(image.getString("chw"));
            INPUTS.put(image.getString("name"),
                    ViewImage.of(chw, image.getInt("channels"), image.getInt("height"), image.getInt("width")));
        }
    }

    private Golden() {}

    /** The cases of {@code golden/<name>.json.gz}. */
    static List<? extends Config> cases(String name) {
        String path = "golden/" + name + ".json.gz";
        try (InputStream in = Golden.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource bml/augmentation/" + path);
            }
            try (Reader reader = new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII)) {
                return ConfigFactory.parseReader(reader, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON))
                        .getConfigList("cases");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** A fresh copy of the case's input image. */
    static ViewImage input(Config c) {
        ViewImage image = INPUTS.get(c.getString("input"));
        return ViewImage.of(image.toArray(), image.channels(), image.height(), image.width());
    }

    /** Fails unless {@code actual} holds exactly the case's expected bytes, naming the first pixel that differs. */
    static void assertExpected(Config c, ViewImage actual) {
        byte[] expected = Base64.getDecoder().decode(c.getString("expected"));
        byte[] got = actual.pixels();
        if (expected.length != actual.size()) {
            fail("expected " + expected.length + " bytes, got " + actual.size());
        }
        int differing = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != got[i]) {
                differing++;
                first = first < 0 ? i : first;
            }
        }
        if (differing > 0) {
            int plane = actual.planeSize();
            int p = first % plane;
            fail(differing + " of " + expected.length + " bytes differ; first at channel " + first / plane + ", y "
                    + p / actual.width() + ", x " + p % actual.width() + ": expected " + (expected[first] & 0xFF)
                    + ", got " + (got[first] & 0xFF));
        }
    }
}
