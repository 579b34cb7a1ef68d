package bml.reproduce;

import bml.config.SettingsLoader;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's {@code --config} file and {@code --set} overrides as one list of overrides, to be applied on top of
 * every condition's settings.
 *
 * <p>Why: {@link SettingsLoader#load} puts overrides above its file, but a sweep must put the user's file above
 * the conditions; so the file's leaves become overrides, after the file has been validated as the user wrote it.
 */
record UserSettings(Optional<Path> file, List<String> overrides) {

    UserSettings {
        overrides = List.copyOf(overrides);
    }

    /**
     * Validates the user's settings on their own (errors name the file line or {@code --set} argument), then
     * returns them as overrides: the file's leaves under {@code bml} first, then the {@code --set} ones.
     *
     * @throws bml.config.ConfigError for anything the normal loader rejects
     */
    List<String> asOverrides() {
        SettingsLoader.load(file, overrides);
        List<String> all = new ArrayList<>();
        if (file.isPresent()) {
            Config parsed = ConfigFactory.parseFile(file.get().toFile())
                    .resolveWith(ConfigFactory.defaultReference());
            if (parsed.hasPath("bml")) {
                for (Map.Entry<String, ConfigValue> leaf : parsed.getConfig("bml").entrySet()) {
                    all.add(leaf.getKey() + "=" + leaf.getValue().render(ConfigRenderOptions.concise()));
                }
            }
        }
        all.addAll(overrides);
        return all;
    }
}
